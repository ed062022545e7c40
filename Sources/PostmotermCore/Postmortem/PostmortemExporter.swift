import Foundation

/// Turns an incident's log into a postmortem draft: Markdown for people, JSON for tools.
/// Pure: everything it reads is in the `PostmortemInput`.
public enum PostmortemExporter {
    /// The draft as Markdown (see `PostmortemMarkdown` for the sections). Inert text: notes,
    /// titles and names may hold escape sequences (an OSC 52 clipboard write, `ESC[2J`, a U+202E
    /// bidi override), which are made visible (`^[]52;c;…^G`, `<U+202E>`) as in `timeline`, so
    /// the draft can be `cat` to a terminal and still reads as Markdown. Newlines and tabs stay.
    public static func markdown(_ input: PostmortemInput) -> String {
        var renderer = PostmortemMarkdown(input)
        return TerminalSafe.escape(renderer.render(), allowing: .layout)
    }

    /// The incident, its raw events, the amended timeline, the figures and the milestones, as pretty JSON. Every
    /// control a terminal would interpret is a `\uXXXX` escape (the values decode unchanged).
    public static func json(_ input: PostmortemInput) throws -> Data {
        let timeline = TimelineView(events: input.events)
        let document = PostmortemJSON(
            format: PostmortemJSON.formatName, generatedAt: input.generatedAt, incident: input.incident,
            figures: IncidentFigures(incident: input.incident, timeline: timeline),
            milestones: IncidentMilestones(incident: input.incident, timeline: timeline), followUps: input.followUps,
            events: input.events, timeline: timeline.entries.map(PostmortemJSON.Entry.init))
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        let json = String(decoding: try encoder.encode(document), as: UTF8.self)
        return Data(TerminalSafe.escapingInvisibleControls(inJSON: json).utf8)
    }
}
