/// What a section of a playbook is for, decided by its heading's title.
enum SectionKind: Equatable {
    /// `## Roles`: the incident team's roles.
    case roles
    /// `## Follow-up`: corrective tasks for the postmortem.
    case followUp
    /// Describes rather than instructs (Overview, Meaning, Impact, …): shown, never steps.
    case context
    /// Anything else instructs: a phase of steps.
    case phase

    private static let followUpTitles: Set<String> = [
        "follow up", "follow ups", "followup", "followups", "follow up actions", "follow up tasks",
        "follow up items", "corrective actions", "corrective tasks", "corrective measures",
        "corrective and preventative measures", "corrective and preventive measures",
        "action items", "postmortem follow ups", "postmortem actions",
    ]

    private static let contextTitles: Set<String> = [
        "overview", "summary", "meaning", "impact", "background", "description", "context", "about",
        "symptoms", "notes", "note", "references", "reference", "see also", "related", "related links",
        "links", "resources", "glossary", "scope", "purpose", "when to use", "when to use this playbook",
        "how to use this playbook", "what this alert means",
    ]

    init(title: String) {
        let normalized = Self.normalize(title)
        if normalized == "roles" || normalized.hasPrefix("roles ") || normalized == "team roles" {
            self = .roles
        } else if Self.followUpTitles.contains(normalized) {
            self = .followUp
        } else if Self.contextTitles.contains(normalized) {
            self = .context
        } else {
            self = .phase
        }
    }

    /// Lower-case words separated by single spaces; everything but letters and digits dropped.
    static func normalize(_ title: String) -> String {
        var words: [String] = []
        var current = ""
        for character in title.lowercased() {
            if character.isLetter || character.isNumber {
                current.append(character)
            } else if !current.isEmpty {
                words.append(current)
                current = ""
            }
        }
        if !current.isEmpty { words.append(current) }
        return words.joined(separator: " ")
    }
}
