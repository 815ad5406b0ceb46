import ConveneCore
import ConveneStore
import ConveneTerminal
import ConveneWeb
import Foundation
import GRDB

@testable import ConveneSession

/// What the tests of a live session share: the shipped library, a store (in memory or in a
/// temporary folder), a REPL driven in process with scripted lines and a buffer for its output.
enum Harness {
    static let t0 = Date(timeIntervalSince1970: 1_800_000_000)
    static let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("../..").standardized.path

    static let library: Library = {
        (try? LibraryCache.load([.init(root: repository, layer: .shipped)], cacheFolder: nil)) ?? Library()
    }()

    static var facilitator: Facilitator { Facilitator(library: library) }

    /// A new session of monthly-steering in `store`, with the clock standing at `t0` plus a minute a call.
    static func start(_ store: AppDatabase, group name: String = "Reading Coalition") throws -> LiveSession {
        let group = try store.createGroup(named: name, at: t0)
        let clock = Clock()
        return try LiveSession.start(
            plan: library.plans["monthly-steering"]!, group: group, store: store, facilitator: facilitator, clock: { clock.tick() }
        ).0
    }

    final class Clock: @unchecked Sendable {
        private var now = Harness.t0
        private let lock = NSLock()
        func tick() -> Date {
            lock.lock()
            defer { lock.unlock() }
            now += 60
            return now
        }
    }

    /// A folder that goes when the test ends.
    final class Folder {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("convene-live-\(UUID().uuidString)").path
        init() { try? FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true) }
        deinit { try? FileManager.default.removeItem(atPath: path) }
        var store: String { path + "/store.sqlite" }
    }

    /// Every byte an attacker with the files would read: the main file and the write-ahead log.
    static func rawBytes(_ store: String) -> [UInt8] {
        var bytes = [UInt8]((try? Data(contentsOf: URL(fileURLWithPath: store))) ?? Data())
        bytes += [UInt8]((try? Data(contentsOf: URL(fileURLWithPath: store + "-wal"))) ?? Data())
        return bytes
    }

    /// Where each text sits in the raw bytes: every occurrence.
    static func offsets(of text: String, in bytes: [UInt8]) -> [Int] {
        let needle = Array(text.utf8)
        guard bytes.count >= needle.count else { return [] }
        return (0...(bytes.count - needle.count)).filter { start in
            bytes[start] == needle[0] && bytes[start + 1] == needle[1] && Array(bytes[start..<start + needle.count]) == needle
        }
    }

    /// The texts in the order the raw file holds them, when each occurs exactly once; nil otherwise.
    static func fileOrder(_ texts: [String], store: String) -> [String]? {
        let bytes = rawBytes(store)
        let found = texts.map { offsets(of: $0, in: bytes) }
        guard found.allSatisfy({ $0.count == 1 }) else { return nil }
        return zip(texts, found).sorted { $0.1[0] < $1.1[0] }.map(\.0)
    }

    /// The answers' texts in the order of their random keys.
    static func keyOrder(_ store: AppDatabase, session: Int64) throws -> [String] {
        (try store.answers(session: session)[1] ?? []).compactMap { $0.comment ?? $0.text }
    }

    /// Eight participants answering in seating order: each comment names its seat.
    static let seats = ["ALICE", "BORIS", "CHIDI", "DAVID", "ELENA", "FARAH", "GOKAN", "HANNA"].map { "seat-\($0)-answered" }
}

/// Lines as a facilitator would type them, one per read.
final class ScriptedReader: LineReading {
    var lines: [LineInput]
    var isPrivate = false
    /// Prompts seen, in order, and whether each read was private or secret.
    var prompts: [String] = []
    var secretPrompts: [String] = []
    var participantReaders = 0
    /// Where to show each prompt and what is typed at it, as a terminal would: a line read by
    /// readLine is echoed, one read by readSecret is not.
    var echo: OutputSink?

    init(_ lines: [String]) { self.lines = lines.map { .line($0) } }
    init(inputs: [LineInput]) { lines = inputs }

    func readLine(prompt: String) -> LineInput {
        prompts.append(prompt)
        return next(prompt, echoed: true)
    }

    func readSecret(prompt: String) -> LineInput {
        secretPrompts.append(prompt)
        if !quiet { loudPrompts.append(prompt) }
        return next(prompt, echoed: false)
    }

    /// Whether the keyboard's echo is off as a whole (a pass round), and the prompts read outside it.
    var quiet = false
    var loudPrompts: [String] = []

    func withoutEcho<T>(_ body: () -> T) -> T {
        quiet = true
        defer { quiet = false }
        return body()
    }

    func next(_ prompt: String, echoed: Bool) -> LineInput {
        let input = lines.isEmpty ? .endOfInput : lines.removeFirst()
        if case .line(let text) = input, echoed {
            echo?.write(prompt + text + "\n")
        } else {
            echo?.write(prompt + "\n")
        }
        return input
    }

    func participantReader() -> LineReading {
        participantReaders += 1
        return self
    }
}

/// Output kept in memory.
final class BufferOutput: OutputSink {
    var text = ""
    var errors = ""
    func write(_ text: String) { self.text += text }
    func writeError(_ text: String) { errors += text }
}

extension LiveSession {
    /// Runs `lines` through a REPL in process, as a terminal (interactive) or a script would.
    /// `echo`: the reader shows prompts and echoes what readLine reads, as a terminal would.
    func repl(_ lines: [String], interactive: Bool = false, echo: Bool = false, width: Int = 100, height: Int = .max) -> (
        outcome: SessionRunner.Outcome, output: BufferOutput, reader: ScriptedReader
    ) {
        let reader = ScriptedReader(lines)
        let output = BufferOutput()
        if echo { reader.echo = output }
        // The participants' page as the program wires it, so /web answers as it would.
        let web = WebController(live: self, width: 100, defaultBind: "127.0.0.1:0")
        let hooks = SessionRunner.WebHooks(
            perform: { try web.perform($0) }, notices: { web.notices() }, isRunning: { web.isRunning }, ended: { web.sessionEnded() },
            leave: { web.leave() })
        let runner = SessionRunner(
            live: self, web: hooks, reader: reader, output: output, styler: Styler(colour: false, width: width, height: height),
            interactive: interactive)
        runner.clearsScreen = false
        return (runner.run(), output, reader)
    }

    /// `repl` on a thread of its own, awaited: `/web on` waits for its server synchronously (as the
    /// terminal's main thread does), and on a thread of the test pool two such waits at once could
    /// leave no pool thread to start either server.
    func replOffPool(_ lines: [String], interactive: Bool = false) async -> (
        outcome: SessionRunner.Outcome, output: BufferOutput, reader: ScriptedReader
    ) {
        await Harness.offPool { self.repl(lines, interactive: interactive) }
    }
}

extension Harness {
    /// Runs blocking work on a thread outside Swift's cooperative pool and awaits it.
    static func offPool<T>(_ body: @escaping () -> T) async -> T {
        let box = Unchecked(body)
        return await withCheckedContinuation { (done: CheckedContinuation<Unchecked<T>, Never>) in
            Thread { done.resume(returning: Unchecked(box.value())) }.start()
        }.value
    }

    /// A value handed between the test's task and the thread that runs it, one at a time.
    struct Unchecked<T>: @unchecked Sendable {
        let value: T
        init(_ value: T) { self.value = value }
    }
}
