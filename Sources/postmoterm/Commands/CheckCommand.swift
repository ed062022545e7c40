import ArgumentParser
import Foundation
import MarkdownAdapter
import PostmotermCore

/// `postmoterm check PATH... [--json]`: loads playbooks and reports what is wrong with them.
struct CheckCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "check",
        abstract: "Check playbooks: load each markdown file and report problems.",
        discussion: """
            PATH is a playbook file or a folder (its .md files, recursively). Diagnostics go to \
            stderr as `path:line:column: error|warning: message`, followed by a one-line summary.

            Exit status: 0 when every file loads without errors (warnings allowed), 1 when any \
            file has an error, 2 on usage errors.

            With --json, stdout gets one JSON object per file and per line (JSON Lines): path, \
            title, digest, metadata, roles, phases with their steps (id, line, text, role, \
            details, commands), context sections, follow-ups and diagnostics.

            Examples:
              postmoterm check playbooks/
              postmoterm check playbooks/api-outage-load-balancer.md --json | jq '.phases[].steps[].id'
            """
    )

    @Argument(help: ArgumentHelp("Playbook files or folders to check.", valueName: "path"))
    var paths: [String] = []

    @Flag(help: "Print each playbook as a JSON object (one per line) on stdout.")
    var json = false

    @Flag(name: .shortAndLong, help: "Print only errors and warnings, no summary line.")
    var quiet = false

    func run() throws {
        guard !paths.isEmpty else {
            let usage = """
                Error: Missing expected argument '<path> ...'
                Usage: postmoterm check <path> ... [--json] [--quiet]
                  See 'postmoterm check --help' for more information.

                """
            FileHandle.standardError.write(Data(usage.utf8))
            throw ExitCode(2)
        }
        let results = PlaybookLoader.loadAll(paths: paths)
        var errors = 0
        var warnings = 0
        var stderr = ""
        for result in results {
            for diagnostic in result.diagnostics {
                stderr += diagnostic.description + "\n"
                if diagnostic.severity == .error { errors += 1 } else { warnings += 1 }
            }
        }
        if json {
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.withoutEscapingSlashes, .sortedKeys]
            var stdout = ""
            for result in results {
                let data = try encoder.encode(CheckReport(result))
                stdout += TerminalSafe.escapingInvisibleControls(inJSON: String(decoding: data, as: UTF8.self)) + "\n"
            }
            FileHandle.standardOutput.write(Data(stdout.utf8))
        }
        if !quiet {
            let files = results.count == 1 ? "1 file" : "\(results.count) files"
            let errorText = errors == 1 ? "1 error" : "\(errors) errors"
            let warningText = warnings == 1 ? "1 warning" : "\(warnings) warnings"
            stderr += "checked \(files): \(errorText), \(warningText)\n"
        }
        FileHandle.standardError.write(Data(stderr.utf8))
        if errors > 0 { throw ExitCode(1) }
    }
}

/// One line of `check --json`: the playbook, or for a file that could not be read just the
/// path and diagnostics (with the other keys null or empty, so every line has the same shape).
private struct CheckReport: Encodable {
    let result: PlaybookLoadResult

    init(_ result: PlaybookLoadResult) { self.result = result }

    private enum CodingKeys: String, CodingKey {
        case path, title, digest, metadata, roles, phases, context, followUps, diagnostics
    }

    func encode(to encoder: any Encoder) throws {
        if let playbook = result.playbook {
            try playbook.encode(to: encoder)
            return
        }
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(result.path, forKey: .path)
        try container.encodeNil(forKey: .title)
        try container.encodeNil(forKey: .digest)
        try container.encodeNil(forKey: .metadata)
        try container.encode([PlaybookRole](), forKey: .roles)
        try container.encode([Phase](), forKey: .phases)
        try container.encode([ContextSection](), forKey: .context)
        try container.encode([FollowUp](), forKey: .followUps)
        try container.encode(result.diagnostics, forKey: .diagnostics)
    }
}
