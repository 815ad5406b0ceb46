import CEditLine
import ConveneCore
import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// The interactive line editor, on libedit: emacs keys, history saved after every line (mode 0600),
/// Tab completion, Ctrl-C that abandons the line and never exits, Ctrl-D on an empty line to leave.
public final class LineEditor: LineReading {
    let editLine: OpaquePointer
    let history: OpaquePointer
    let historyPath: String?
    var promptBytes: [CChar] = [0]
    /// The prompt as last drawn, to notice while idle that its count or countdown moved on.
    var drawnPrompt = ""
    /// A key no one types on purpose, bound to a full redisplay: readCharacter returns it when the
    /// prompt changed while idle, so libedit redraws the prompt and the half-typed line itself.
    static let redisplayKey: UInt8 = 0x1D
    var interrupted = false
    public var completer: Completer
    /// Off during a pass-the-keyboard round: participants' answers never reach the history file,
    /// and Tab reveals nothing.
    public var isPrivate = false
    /// Rebuilds the completer before each completion (labels grow during a session).
    public var completionUpdate: (() -> Completer)?
    /// Called about four times a second while waiting for a key; returns lines to show above the
    /// prompt (a timer running out), after which the prompt and the half-typed line are redrawn.
    public var tick: (() -> [String])?
    /// Rebuilds the prompt on every redraw, so a countdown in it stays current.
    public var promptProvider: (() -> String)?
    let output: OutputSink

    public init(completer: Completer, historyPath: String?, output: OutputSink = StandardOutput()) {
        self.completer = completer
        self.historyPath = historyPath
        self.output = output
        editLine = convene_el_init(CommandLine.arguments.first ?? "convene")
        history = convene_history_init(1000)
        convene_el_set_editor(editLine, "emacs")
        convene_el_set_history(editLine, history)
        convene_el_set_clientdata(editLine, Unmanaged.passUnretained(self).toOpaque())
        convene_el_set_prompt(editLine) { el in
            guard let editor = LineEditor.from(el) else { return nil }
            if let provider = editor.promptProvider, !editor.isPrivate { editor.setPrompt(provider()) }
            return editor.promptBytes.withUnsafeMutableBufferPointer { $0.baseAddress }
        }
        convene_el_addfn(editLine, "convene-complete", "complete a command or id") { el, _ in
            guard let editor = LineEditor.from(el) else { return UInt8(CC_ERROR) }
            return editor.complete(el)
        }
        convene_el_addfn(editLine, "convene-interrupt", "abandon the line") { el, _ in
            guard let editor = LineEditor.from(el) else { return UInt8(CC_ERROR) }
            editor.interrupted = true
            return UInt8(CC_NEWLINE)
        }
        convene_el_addfn(editLine, "convene-redisplay", "redraw the prompt") { _, _ in UInt8(CC_REDISPLAY) }
        convene_el_bind(editLine, "^I", "convene-complete")
        convene_el_bind(editLine, "^]", "convene-redisplay")
        convene_el_bind(editLine, "^C", "convene-interrupt")
        convene_el_disable_isig(editLine)
        convene_el_set_getc(editLine) { el, character in
            guard let editor = LineEditor.from(el), let character else { return -1 }
            return editor.readCharacter(el, into: character)
        }
        // Ctrl-C outside the editor (while a command runs) must not kill the session either.
        signal(SIGINT, SIG_IGN)
        if let historyPath, FileManager.default.fileExists(atPath: historyPath) {
            _ = convene_history_load(history, historyPath)
        }
    }

    deinit {
        convene_el_end(editLine)
        convene_history_end(history)
    }

    static func from(_ el: OpaquePointer?) -> LineEditor? {
        guard let el, let data = convene_el_clientdata(el) else { return nil }
        return Unmanaged<LineEditor>.fromOpaque(data).takeUnretainedValue()
    }

    func setPrompt(_ text: String) {
        drawnPrompt = TerminalText.sanitize(text, singleLine: true)
        promptBytes = Array(drawnPrompt.utf8CString)
    }

    /// Whether the live prompt differs from the one on screen (answers came in, a second passed).
    var promptIsStale: Bool {
        guard let provider = promptProvider, !isPrivate else { return false }
        return TerminalText.sanitize(provider(), singleLine: true) != drawnPrompt
    }

    public func readLine(prompt: String) -> LineInput {
        setPrompt(prompt)
        interrupted = false
        var count: Int32 = 0
        guard let raw = convene_el_gets(editLine, &count) else {
            endLine()
            return interrupted ? .interrupted : .endOfInput
        }
        var line = String(cString: raw)
        if line.hasSuffix("\n") { line.removeLast() }
        if interrupted {
            endLine()
            return .interrupted
        }
        if !isPrivate, !line.trimmingCharacters(in: .whitespaces).isEmpty {
            convene_history_enter(history, line)
            saveHistory()
        }
        return .line(line)
    }

    /// Ctrl-C and Ctrl-D end the line without libedit's own newline (Enter has one): without this,
    /// the next prompt or message would follow the abandoned text on the same line.
    func endLine() {
        output.write("\n")
    }

    /// A reader of its own for one participant: no echo, no history, no kill buffer, no completion
    /// and no history file, so nothing anyone typed before can be shown or recalled, and a close word
    /// typed at a participant's prompt is never on the screen.
    public func participantReader() -> LineReading { UnechoedReader(output: output) }

    /// Reads a line with echo off (the pass round's prompts); see UnechoedReader.
    public func readSecret(prompt: String) -> LineInput { UnechoedReader(output: output).readSecret(prompt: prompt) }

    public func withoutEcho<T>(_ body: () -> T) -> T { UnechoedReader.withoutEcho(body) }

    /// Saves after every line so a killed process keeps its history; the file is private (0600).
    func saveHistory() {
        guard let historyPath else { return }
        let folder = (historyPath as NSString).deletingLastPathComponent
        try? FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        let fd = open(historyPath, O_WRONLY | O_CREAT | O_CLOEXEC, 0o600)
        if fd >= 0 { close(fd) }
        _ = convene_history_save(history, historyPath)
        chmod(historyPath, 0o600)
    }

    func complete(_ el: OpaquePointer?) -> UInt8 {
        guard let el, let info = convene_el_line(el) else { return UInt8(CC_ERROR) }
        let start = UnsafeRawPointer(info.pointee.buffer)!
        let cursor = UnsafeRawPointer(info.pointee.cursor)!
        let length = cursor - start
        let before = String(decoding: UnsafeRawBufferPointer(start: start, count: length), as: UTF8.self)
        if isPrivate { return UInt8(CC_REFRESH_BEEP) }
        if let update = completionUpdate { completer = update() }
        let completion = completer.complete(before)
        if completion.candidates.isEmpty { return UInt8(CC_REFRESH_BEEP) }
        if !completion.insert.isEmpty {
            _ = convene_el_insertstr(el, completion.insert)
            return UInt8(CC_REFRESH)
        }
        output.write("\n" + completion.candidates.joined(separator: "  ") + "\n")
        return UInt8(CC_REDISPLAY)
    }

    /// Waits for a key with poll(), giving timers a chance to speak, then decodes one UTF-8 character.
    func readCharacter(_ el: OpaquePointer?, into character: UnsafeMutablePointer<wchar_t>) -> Int32 {
        while true {
            var descriptor = pollfd(fd: 0, events: Int16(POLLIN), revents: 0)
            let ready = poll(&descriptor, 1, tick == nil ? -1 : 250)
            if ready < 0 {
                if errno == EINTR { continue }
                return -1
            }
            if ready == 0 {
                if let lines = tick?(), !lines.isEmpty, let el {
                    output.write("\n" + lines.joined(separator: "\n") + "\n")
                    convene_el_refresh(el)
                } else if promptIsStale {
                    character.pointee = wchar_t(Self.redisplayKey)
                    return 1
                }
                continue
            }
            guard let first = readByte() else { return 0 }
            let length = first < 0x80 ? 1 : first >> 5 == 0b110 ? 2 : first >> 4 == 0b1110 ? 3 : first >> 3 == 0b11110 ? 4 : 0
            var bytes = [first]
            if length > 1 {
                for _ in 1..<length {
                    guard let next = readByte() else { return 0 }
                    bytes.append(next)
                }
            }
            let scalar = String(validating: bytes, as: UTF8.self)?.unicodeScalars.first ?? "\u{FFFD}"
            character.pointee = wchar_t(bitPattern: scalar.value)
            return 1
        }
    }

    func readByte() -> UInt8? { UnechoedReader.readByte() }
}
