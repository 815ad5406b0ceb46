import ConveneCore

/// The man page a person reads. swift-argument-parser's generate-manual writes the commands'
/// reference from the parser (one declaration drives parsing, help and the page); this takes that
/// reference and adds what the parser does not know: the REPL's commands (from `CommandSpec`), the
/// configuration and environment (from `SettingKey`), the files, the exit status (from
/// `FailureKind`) and examples. Options every command takes are described once, not under each.
enum ManualPage {
    /// Options the reference repeats under every command.
    static let repeated = ["-store", "-library", "-no-color", "-version", "h , -help"]

    static func page(reference: String) -> String {
        let (kept, global) = withoutRepeatedOptions(reference.split(separator: "\n", omittingEmptySubsequences: false).map(String.init))
        var lines = tidied(kept)
        // The added sections go before SEE ALSO and AUTHORS, where man pages keep them.
        let end = lines.firstIndex { $0.hasPrefix(".Sh SEE ALSO") || $0.hasPrefix(".Sh AUTHORS") } ?? lines.count
        lines.insert(contentsOf: globalOptions(global) + replCommands() + environment() + files() + exitStatus() + examples(), at: end)
        return lines.joined(separator: "\n") + "\n"
    }

    /// Drops each `.It` item of a repeated option with its description, up to the next item or list
    /// end; the first of each, as the parser wrote it, is returned apart for GLOBAL OPTIONS.
    static func withoutRepeatedOptions(_ lines: [String]) -> (kept: [String], first: [String]) {
        var kept: [String] = []
        var first: [String] = []
        var seen: Set<String> = []
        var skipping = false
        var keeping = false
        for line in lines {
            if line.hasPrefix(".It ") || line.hasPrefix(".El") || line.hasPrefix(".Sh ") || line.hasPrefix(".Ss ") {
                let option = line.hasPrefix(".It Fl ") ? repeated.first { line.dropFirst(7).hasPrefix($0) } : nil
                skipping = option != nil
                keeping = option.map { seen.insert($0).inserted } ?? false
            }
            if keeping { first.append(line) }
            if !skipping { kept.append(line) }
        }
        return (kept, first)
    }

    /// The reference without what the added sections replace (its one-line EXIT STATUS), without
    /// option lists left empty, and with blank lines (which roff warns about) as paragraph breaks.
    static func tidied(_ lines: [String]) -> [String] {
        var kept: [String] = []
        var inExitStatus = false
        for line in lines {
            if line.hasPrefix(".Sh ") { inExitStatus = line.contains("EXIT STATUS") }
            if inExitStatus { continue }
            if line.hasPrefix(".El"), kept.last?.hasPrefix(".Bl") == true {
                kept.removeLast()
                continue
            }
            if line.trimmingCharacters(in: .whitespaces).isEmpty {
                if kept.last != ".Pp", kept.last?.hasPrefix(".") == false { kept.append(".Pp") }
                continue
            }
            kept.append(line)
        }
        return kept
    }

    /// Text as a roff line: backslashes escaped, and a leading dot or quote kept as text.
    static func text(_ line: String) -> String {
        let escaped = line.replacingOccurrences(of: "\\", with: "\\e")
        return escaped.hasPrefix(".") || escaped.hasPrefix("'") ? "\\&" + escaped : escaped
    }

    static func item(_ head: String, _ body: [String]) -> [String] {
        [".It " + head] + body.filter { !$0.isEmpty }.map(text)
    }

    static func globalOptions(_ items: [String]) -> [String] {
        [".Sh GLOBAL OPTIONS", text("Every command takes these."), ".Bl -tag -width 6n"] + items + [".El"]
    }

    static func replCommands() -> [String] {
        func list(_ specs: [CommandSpec]) -> [String] {
            [".Bl -tag -width 6n"]
                + specs.flatMap { spec in
                    let aliases =
                        spec.aliases.isEmpty ? "" : " Also: " + spec.aliases.map { $0 == "?" ? "?" : "/" + $0 }.joined(separator: ", ") + "."
                    return item("Li " + text(spec.usage), [spec.summary + ".", spec.detail + aliases])
                } + [".El"]
        }
        return [
            ".Sh REPL COMMANDS",
            text(
                "convene start (or convene, then /start) opens a session's REPL. A line that starts with / is a command; any other line is a note on the current activity. Tab completes commands, activity ids and labels; /help CMD explains one."
            ),
            ".Ss During a session",
        ] + list(CommandSpec.all) + [".Ss Home screen", text("convene with no session open; the same commands as /help lists there.")]
            + list(CommandSpec.home)
    }

    static func environment() -> [String] {
        var lines = [".Sh ENVIRONMENT", ".Bl -tag -width 6n"]
        for key in SettingKey.all {
            guard let name = key.environment else { continue }
            lines += item("Ev \(name)", ["Sets \(key.name): \(key.summary). It wins over the config file; a flag wins over it."])
        }
        lines += item(
            "Ev XDG_CONFIG_HOME , XDG_DATA_HOME , XDG_STATE_HOME , XDG_CACHE_HOME",
            ["Where the config file, the store, the REPL's history and the library cache live (see FILES)."])
        lines += item("Ev CONVENE_HISTORY", ["The REPL's history file; /dev/null keeps no history."])
        lines += item("Ev CONVENE_NO_CACHE", ["Read the library's files every time instead of the cache."])
        lines += item("Ev PAGER", ["The pager for long output at a terminal (default less -FRX); never used when output is not a terminal."])
        lines += item(
            "Ev TERM , COLUMNS , LINES", ["TERM=dumb turns colour off; the screen's size is read from the terminal, else from COLUMNS and LINES."])
        lines += item(
            "Ev PGPASSFILE , PGPASSWORD , PGSSLMODE , PGSSLROOTCERT",
            [
                "As libpq reads them, for the network's server: the password file (default $HOME/.pgpass), a password, the TLS mode (default prefer) and the CA certificate file."
            ])
        return lines + [".El"]
    }

    static func files() -> [String] {
        [".Sh FILES", ".Bl -tag -width 6n"]
            + item(
                "Pa ~/.config/convene/config.yaml",
                ["The config file ($XDG_CONFIG_HOME/convene/config.yaml): lines of key: value; convene config set KEY VALUE writes it. Keys:"]
                    + SettingKey.documentation.split(separator: "\n").map { String($0) + "." })
            + item(
                "Pa ~/.local/share/convene/convene.sqlite",
                ["The store ($XDG_DATA_HOME/convene/convene.sqlite): groups, sessions and anonymous answers, one SQLite file."])
            + item(
                "Pa ~/.local/state/convene/history",
                ["The REPL's command history ($XDG_STATE_HOME/convene/history); participants' answers in a pass round are never kept in it."])
            + item("Pa ~/.cache/convene/", ["The library cache ($XDG_CACHE_HOME/convene), rebuilt when a card changes."])
            + item("Pa PREFIX/share/convene/activities , PREFIX/share/convene/sessions", ["The shipped library: activity cards and plan templates."])
            + [".El"]
    }

    static func exitStatus() -> [String] {
        [
            ".Sh EXIT STATUS", ".Bl -tag -width 6n", ".It 0", text("Success."),
            ".It \(FailureKind.failure.exitCode)", text("A failure: the disk, the store, the network, a step that could not finish."),
            ".It \(FailureKind.badInput.exitCode)",
            text("Bad usage or bad input: an unknown option, a bad value, a name the store does not have. The error names the file, line or field."),
            ".El",
        ]
    }

    static func examples() -> [String] {
        let examples: [(String, String)] = [
            ("Run the monthly steering committee of a group, with the REPL:", "convene start monthly-steering --group \"Reading Coalition\""),
            ("Continue a session after /quit or a crash:", "convene resume"),
            (
                "A 90-minute plan for 20 people around two agenda items, then its preparation sheet:",
                "convene plan --minutes 90 --size 20 --item \"FY27 grants: decide 30 consent\" --out today.yaml\nconvene plan --minutes 90 --size 20 --prep"
            ),
            (
                "The group's signals and trends, and an HTML report to share:",
                "convene signals --group \"Reading Coalition\"\nconvene trends --format html --out trends.html"
            ),
            ("A session's summary again, by its number in the group:", "convene sessions show 3 --group \"Reading Coalition\""),
            ("Set the default group once:", "convene config set group \"Reading Coalition\""),
            ("Try Convene on an example group:", "convene demo"),
        ]
        return [".Sh EXAMPLES"]
            + examples.flatMap { say, run in
                [text(say), ".Bd -literal -offset indent"] + run.split(separator: "\n").map { text(String($0)) } + [".Ed"]
            }
    }
}
