import Foundation
import Testing

/// `make install-files` (what `make install` runs after its release build) on the debug binary:
/// everything lands under PREFIX, the installed convene finds the library installed beside it with
/// the source tree out of sight, and the completions and man page come from its argument parser.
@Suite struct InstallTests {
    /// Runs a program to its end; stdout and stderr together.
    static func run(_ executable: String, _ arguments: [String], environment: [String: String]? = nil, directory: String = "/") throws -> (
        status: Int32, output: String
    ) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        if let environment { process.environment = environment }
        process.currentDirectoryURL = URL(fileURLWithPath: directory)
        let out = Pipe()
        process.standardOutput = out
        process.standardError = out
        try process.run()
        let output = String(decoding: out.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        return (process.terminationStatus, output)
    }

    /// Installs into DESTDIR/PREFIX inside the sandbox and returns the prefix as installed.
    static func install(_ sandbox: Sandbox) throws -> String {
        let tool = Sandbox.repository + "/.build/debug/generate-manual"
        #expect(FileManager.default.isExecutableFile(atPath: tool), "no \(tool): make test builds it (make manual-tool)")
        let make = try run(
            "/usr/bin/env",
            [
                "make", "--no-print-directory", "-C", Sandbox.repository, "install-files",
                "BIN=\(Sandbox.binary)", "PREFIX=/opt/convene", "DESTDIR=\(sandbox.folder)/dest", "GENERATE_MANUAL=\(tool)",
            ])
        #expect(make.status == 0, "\(make.output)")
        return sandbox.folder + "/dest/opt/convene"
    }

    @Test func installFilesPutsConveneItsLibraryCompletionsAndManPageUnderThePrefix() throws {
        let sandbox = Sandbox()
        let prefix = try Self.install(sandbox)
        let manager = FileManager.default
        #expect(manager.isExecutableFile(atPath: prefix + "/bin/convene"))
        #expect(manager.fileExists(atPath: prefix + "/share/convene/activities/after-action-review.md"))
        #expect(manager.fileExists(atPath: prefix + "/share/convene/sessions/monthly-steering.yaml"))
        // Stripped, with its debug info kept beside it and named by its debug link.
        let sections = try Self.run("/usr/bin/env", ["readelf", "-S", "-W", prefix + "/bin/convene"])
        #expect(
            sections.status == 0 && sections.output.contains(".gnu_debuglink") && !sections.output.contains(".debug_info"),
            "\(sections.output.prefix(2000))")
        let kept = try Self.run("/usr/bin/env", ["readelf", "-S", "-W", prefix + "/bin/.debug/convene.debug"])
        #expect(kept.output.contains(".debug_info"), "\(kept.output.prefix(2000))")
        let size = { (path: String) in ((try? manager.attributesOfItem(atPath: path))?[.size] as? Int) ?? 0 }
        #expect(size(prefix + "/bin/convene") < size(Sandbox.binary))

        let bash = prefix + "/share/bash-completion/completions/convene"
        let zsh = prefix + "/share/zsh/site-functions/_convene"
        let fish = prefix + "/share/fish/vendor_completions.d/convene.fish"
        for (file, marker) in [(bash, "-F _convene convene"), (zsh, "#compdef convene"), (fish, "complete -c 'convene'")] {
            let text = (try? String(contentsOfFile: file, encoding: .utf8)) ?? ""
            #expect(text.contains(marker), "\(file) has no \(marker)")
            // The subcommands are in every script.
            #expect(text.contains("activities") && text.contains("start"), "\(file)")
        }
        let syntax = try Self.run("/bin/bash", ["-n", bash])
        #expect(syntax.status == 0, "\(syntax.output)")
        // And it completes: "convene act<Tab>" offers activities (bash-completion turns on extglob).
        let completed = try Self.run(
            "/bin/bash",
            [
                "-c",
                """
                shopt -s extglob; source '\(bash)'
                COMP_WORDS=(convene act); COMP_CWORD=1; COMP_LINE="convene act"; COMP_POINT=11
                _convene convene act convene; printf '%s\\n' "${COMPREPLY[@]}"
                """,
            ])
        #expect(completed.output == "activities\n", "\(completed.output)")
        // zsh and fish read their scripts without running them (make test-deps installs both).
        for (shell, arguments) in [("zsh", ["-n", zsh]), ("fish", ["--no-execute", fish])] {
            let checked = try Self.run("/usr/bin/env", [shell] + arguments)
            #expect(checked.status == 0, "\(shell): \(checked.output)")
        }

        let man = (try? String(contentsOfFile: prefix + "/share/man/man1/convene.1", encoding: .utf8)) ?? ""
        for section in [".Sh NAME", ".Sh SYNOPSIS", ".Sh DESCRIPTION"] { #expect(man.contains(section), "\(section) in \(man.prefix(300))") }
        #expect(man.contains("convene"))
        // The single page holds every subcommand, with its own options.
        #expect(man.contains("plan") && man.contains(".It Fl -minutes"), "\(man.prefix(300))")
        // A page a person reads: the REPL's commands, examples, files, environment and exit status,
        // and the options every command takes described once.
        for section in [".Sh GLOBAL OPTIONS", ".Sh REPL COMMANDS", ".Sh EXAMPLES", ".Sh FILES", ".Sh ENVIRONMENT", ".Sh EXIT STATUS"] {
            #expect(man.contains(section), "\(section)")
        }
        #expect(man.contains(".It Li /relabel OLD NEW") && man.contains(".It Li /spoke LABEL"), "REPL commands come from CommandSpec")
        #expect(man.components(separatedBy: ".It Fl -store").count == 2, "--store described once")
        #expect(man.contains(".It Ev CONVENE_STORE") && man.contains("config.yaml"))
        // bash completes plan names after start, and group names after --group, from the store.
        var environment = sandbox.environment
        environment["PATH"] = prefix + "/bin:" + (environment["PATH"] ?? "/usr/bin:/bin")
        let made = try Self.run(prefix + "/bin/convene", ["groups", "create", "Reading Coalition"], environment: environment)
        #expect(made.status == 0, "\(made.output)")
        for (words, expected) in [("convene start month", "monthly-steering"), ("convene signals --group Rea", "Reading Coalition")] {
            let completed = try Self.run(
                "/bin/bash",
                [
                    "-c",
                    """
                    shopt -s extglob; source '\(bash)'
                    COMP_WORDS=(\(words)); COMP_CWORD=$((${#COMP_WORDS[@]} - 1)); COMP_LINE="\(words)"; COMP_POINT=${#COMP_LINE}
                    _convene convene "${COMP_WORDS[COMP_CWORD]}" "${COMP_WORDS[COMP_CWORD-1]}"; printf '%s\\n' "${COMPREPLY[@]}"
                    """,
                ], environment: environment)
            #expect(completed.output.contains(expected), "\(words): \(completed.output)")
        }
    }

    @Test func theInstalledConveneFindsItsLibraryWithTheSourceTreeOutOfSight() throws {
        let sandbox = Sandbox()
        let prefix = try Self.install(sandbox)
        // The installed copy differs from the source tree, so the output shows which one was read.
        let card = prefix + "/share/convene/activities/after-action-review.md"
        let text = try String(contentsOfFile: card, encoding: .utf8)
        try text.replacingOccurrences(of: "\ntitle: ", with: "\ntitle: Installed ").write(toFile: card, atomically: true, encoding: .utf8)

        var environment = sandbox.environment
        // Found on PATH, so argv[0] is only its name.
        environment["PATH"] = prefix + "/bin:" + (environment["PATH"] ?? "/usr/bin:/bin")
        environment["XDG_CACHE_HOME"] = sandbox.folder + "/cache"
        let command = "convene activities show after-action-review && convene activities list | wc -l"
        // A private mount namespace with an empty folder over the repository, where root may make one
        // (CI runs as root); elsewhere the installed copy winning over the source tree still shows.
        let hide = "mount -t tmpfs none '\(Sandbox.repository)' && test ! -e '\(Sandbox.repository)/activities'"
        let canHide = try Self.run("/usr/bin/env", ["unshare", "--mount", "sh", "-c", hide]).status == 0
        let result =
            canHide
            ? try Self.run("/usr/bin/env", ["unshare", "--mount", "sh", "-c", "\(hide) && \(command)"], environment: environment)
            : try Self.run("/bin/sh", ["-c", command], environment: environment)
        #expect(result.status == 0, "\(result.output)")
        #expect(result.output.contains("Installed "), "\(result.output)")
        let listed = Int(result.output.split(separator: "\n").last?.trimmingCharacters(in: .whitespaces) ?? "") ?? 0
        #expect(listed > 20, "\(result.output)")
    }
}
