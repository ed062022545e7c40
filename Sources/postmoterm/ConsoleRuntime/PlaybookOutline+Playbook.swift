import Console
import PostmotermCore

extension PlaybookOutline {
    /// The console's view of a loaded playbook: phases with steps (stable ids), and roles.
    init(_ playbook: Playbook) {
        self.init(
            title: playbook.title,
            phases: playbook.phases.filter { !$0.steps.isEmpty }.map { phase in
                OutlinePhase(title: phase.title, steps: phase.steps.map { step in
                    OutlineStep(id: step.id, text: step.text, role: step.role, details: step.details,
                                commands: step.commands.map(\.text))
                })
            },
            roles: playbook.roles.map { OutlineRole(id: $0.id, name: $0.name, duties: $0.responsibilities) })
    }
}
