/// The one error type of ConveneCore: a message a facilitator can act on.
public struct CoreError: ConveneError, Sendable, Equatable {
    public enum Kind: Sendable, Equatable {
        /// The command was not understood: wrong name or arguments.
        case usage
        /// The command was understood but cannot be done now.
        case refused
        /// Library content is broken.
        case library
    }

    public var kind: Kind
    public var message: String

    public init(_ kind: Kind, _ message: String) {
        self.kind = kind
        self.message = message
    }

    public static func usage(_ message: String) -> CoreError { CoreError(.usage, message) }
    public static func refused(_ message: String) -> CoreError { CoreError(.refused, message) }

    public var description: String { message }

    /// A command not understood or refused is bad input; broken library content is a failure.
    public var failureKind: FailureKind { kind == .library ? .failure : .badInput }
}
