/// The large playbook of the parse benchmark (`postmoterm-bench playbook`) and the parse tests: front
/// matter, roles, `steps` task items in phases of 500 with owner tags and inline code, and
/// nested details with a list and a fenced block on every tenth step.
public enum GeneratedPlaybook {
    public static func text(steps: Int) -> String {
        var out = """
            ---
            title: Generated playbook
            severity: SEV-1
            services: [api, haproxy]
            balancer: /run/haproxy/admin.sock
            ---

            # Generated playbook

            ## Roles

            - **ic** — Incident Commander: leads.
            - **ops** — Operations: runs changes.
            - **comms** — Communications: posts updates.


            """
        let roles = ["ic", "ops", "comms"]
        for n in 0..<steps {
            if n % 500 == 0 { out += "## Phase \(n / 500 + 1)\n\n" }
            out += "- [ ] **[\(roles[n % 3])]** Step \(n): drain `api-\(n % 7)` and check `show stat` output\n"
            if n % 10 == 0 {
                out += "\n  Details for step \(n), with a nested list:\n\n  - look at scur\n  - look at hrsp_5xx\n\n"
                out += "  ```sh\n  echo \"set server api/api-\(n % 7) state drain\" | socat stdio /run/haproxy/admin.sock\n  ```\n"
            }
        }
        out += "\n## Follow-up\n\n- [ ] Validate configuration changes.\n- [ ] Load-test every quarter.\n"
        return out
    }
}
