import CEditLine
import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// What the terminal around Convene can do: whether input and output are terminals, colour, width.
public struct TerminalInfo: Sendable {
    public var inputIsTerminal: Bool
    public var outputIsTerminal: Bool
    public var colour: Bool
    public var width: Int
    /// Rows on the screen: a card is cut to them (10 000 when output is not a terminal: nothing is cut).
    public var height: Int

    public init(inputIsTerminal: Bool, outputIsTerminal: Bool, colour: Bool, width: Int, height: Int = 10_000) {
        self.inputIsTerminal = inputIsTerminal
        self.outputIsTerminal = outputIsTerminal
        self.colour = colour
        self.width = width
        self.height = height
    }

    /// Reads the real terminal and environment. Colour is off for NO_COLOR, TERM=dumb, `--no-color`
    /// or an output that is not a terminal; `choice` (the config file's on or off) overrides the
    /// terminal's side, never NO_COLOR or the flag.
    public static func current(noColorFlag: Bool = false, choice: Bool? = nil, environment: [String: String] = ProcessInfo.processInfo.environment)
        -> TerminalInfo
    {
        let input = isatty(0) == 1
        let output = isatty(1) == 1
        let term = environment["TERM"] ?? ""
        let colour = !noColorFlag && environment["NO_COLOR"] == nil && (choice ?? (output && term != "dumb" && !term.isEmpty))
        return TerminalInfo(
            inputIsTerminal: input, outputIsTerminal: output, colour: colour, width: currentWidth(environment: environment),
            height: currentHeight(environment: environment))
    }

    public static func currentHeight(environment: [String: String] = ProcessInfo.processInfo.environment) -> Int {
        var size = winsize()
        if ioctl(1, UInt(TIOCGWINSZ), &size) == 0, size.ws_row > 0 { return Int(size.ws_row) }
        if let rows = environment["LINES"].flatMap(Int.init), rows > 0 { return rows }
        return isatty(1) == 1 ? 24 : 10_000
    }

    public static func currentWidth(environment: [String: String] = ProcessInfo.processInfo.environment) -> Int {
        var size = winsize()
        if ioctl(1, UInt(TIOCGWINSZ), &size) == 0, size.ws_col > 0 { return Int(size.ws_col) }
        if let columns = environment["COLUMNS"].flatMap(Int.init), columns > 0 { return columns }
        // Output to a file or a pipe is not wrapped: lines stay whole for scripts and grep.
        return isatty(1) == 1 ? 80 : 10_000
    }
}

/// Process memory housekeeping for the long wait at the prompt.
public enum Memory {
    /// Gives freed heap back to the system; startup leaves some behind (decoded caches, replays).
    public static func trim() { convene_malloc_trim() }
}
