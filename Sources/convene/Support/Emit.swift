import ArgumentParser
import ConveneCore
import ConveneStore
import ConveneTerminal
import Foundation

enum ReviewFormat: String, ExpressibleByArgument, CaseIterable { case text, json, csv, html }

/// Writes a command's result to stdout or to --out FILE.
func emit(_ text: String, out: String?, context: AppContext) throws {
    guard let out else {
        context.print(text)
        return
    }
    try write(Data(text.utf8), to: out, context: context)
}

/// Writes a long result that is already bytes (the CSV export) to stdout or to --out FILE.
func emit(bytes: [UInt8], out: String?, context: AppContext) throws {
    guard let out else {
        context.print(String(decoding: bytes, as: UTF8.self))
        return
    }
    // Written from the array's own storage: a 40 MB export is not copied into a Data first.
    try bytes.withUnsafeBytes { buffer in
        try write(
            Data(bytesNoCopy: UnsafeMutableRawPointer(mutating: buffer.baseAddress!), count: buffer.count, deallocator: .none), to: out,
            context: context)
    }
}

private func write(_ data: Data, to out: String, context: AppContext) throws {
    do {
        try data.write(to: URL(fileURLWithPath: GlobalOptions.absolute(out)), options: .atomic)
    } catch {
        throw CLIError.failure("could not write \(out): \(error.localizedDescription)")
    }
    context.output.writeError("convene: wrote \(out)\n")
}

func encodeJSON<T: Encodable>(_ value: T, pretty: Bool = true) throws -> String {
    let encoder = JSONEncoder()
    encoder.outputFormatting = pretty ? [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes] : [.sortedKeys, .withoutEscapingSlashes]
    encoder.dateEncodingStrategy = .iso8601
    return TerminalText.escapeJSON(String(decoding: try encoder.encode(value), as: UTF8.self))
}
