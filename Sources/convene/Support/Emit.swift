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
    let path = GlobalOptions.absolute(out)
    do {
        try text.write(toFile: path, atomically: true, encoding: .utf8)
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
