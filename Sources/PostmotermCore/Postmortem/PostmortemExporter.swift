import Foundation

/// Turns an incident's log into a postmortem draft: Markdown for people, JSON for tools.
/// Pure: everything it reads is in the `PostmortemInput`.
public enum PostmortemExporter {
    /// The draft as Markdown (see `PostmortemMarkdown` for the sections).
    public static func markdown(_ input: PostmortemInput) -> String {
        var renderer = PostmortemMarkdown(input)
        return renderer.render()
    }

    /// The incident, its raw events, the amended timeline and the figures, as pretty JSON.
    public static func json(_ input: PostmortemInput) throws -> Data {
        let timeline = TimelineView(events: input.events)
        let document = PostmortemJSON(
            format: PostmortemJSON.formatName, generatedAt: input.generatedAt, incident: input.incident,
            figures: IncidentFigures(incident: input.incident, timeline: timeline), followUps: input.followUps,
            events: input.events, timeline: timeline.entries.map(PostmortemJSON.Entry.init))
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        return try encoder.encode(document)
    }
}
