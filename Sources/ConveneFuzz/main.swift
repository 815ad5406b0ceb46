import Foundation

#if canImport(Glibc)
    import Glibc
#endif

// convene-fuzz TARGET ITERATIONS SEED CORPUS_DIR CRASH_DIR
// Mutates the corpus for ITERATIONS inputs. A crash or a hang (5 s without progress) writes the
// input to CRASH_DIR through a signal handler; a broken promise writes it and exits 1.

let arguments = CommandLine.arguments
guard arguments.count == 6, let target = FuzzTarget(rawValue: arguments[1]), let iterations = Int(arguments[2]), let seed = UInt64(arguments[3])
else {
    FileHandle.standardError.write(
        Data("usage: convene-fuzz \(FuzzTarget.allCases.map(\.rawValue).joined(separator: "|")) ITERATIONS SEED CORPUS_DIR CRASH_DIR\n".utf8))
    exit(2)
}
let corpusDir = arguments[4]
let crashDir = arguments[5]
try? FileManager.default.createDirectory(atPath: crashDir, withIntermediateDirectories: true)
var corpus: [[UInt8]] = ((try? FileManager.default.contentsOfDirectory(atPath: corpusDir)) ?? []).sorted().compactMap {
    FileManager.default.contents(atPath: corpusDir + "/" + $0).map { Array($0) }
}
if corpus.isEmpty { corpus = [[]] }

// The current input, where a signal handler can reach it without allocating.
let capacity = 128 * 1024
nonisolated(unsafe) let current = UnsafeMutablePointer<UInt8>.allocate(capacity: capacity)
nonisolated(unsafe) var currentLength = 0
nonisolated(unsafe) let crashPath = strdup(crashDir + "/crash-\(target.rawValue)-\(seed)")!

func saveCurrent() {
    let fd = open(crashPath, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
    if fd >= 0 {
        _ = write(fd, current, currentLength)
        close(fd)
    }
}

for signalNumber in [SIGSEGV, SIGILL, SIGTRAP, SIGABRT, SIGBUS, SIGFPE] {
    signal(signalNumber) { number in
        saveCurrent()
        _exit(128 + number)
    }
}
// A hang: nothing finished for 5 seconds.
signal(SIGALRM) { _ in
    saveCurrent()
    _exit(124)
}

var mutator = Mutator(seed: seed)
let started = Date()
for iteration in 0..<iterations {
    let base = corpus[Int(mutator.random.next() % UInt64(corpus.count))]
    let input = mutator.mutate(base, corpus: corpus)
    input.withUnsafeBufferPointer { buffer in
        currentLength = min(buffer.count, capacity)
        if currentLength > 0 { current.update(from: buffer.baseAddress!, count: currentLength) }
    }
    if iteration % 1000 == 0 { alarm(5) }
    if let problem = target.run(input) {
        saveCurrent()
        FileHandle.standardError.write(Data("broken promise (\(problem)); input saved to \(String(cString: crashPath))\n".utf8))
        exit(1)
    }
}
alarm(0)
print(
    "\(target.rawValue): \(iterations) inputs, seed \(seed), 0 crashes, 0 hangs, 0 broken promises, \(String(format: "%.1f", Date().timeIntervalSince(started))) s"
)
