/// What an error means for whoever ran convene, as DESIGN.md's exit codes see it: the input was bad
/// (fix it and try again) or something failed (the disk, the store, the network). Each module's
/// error type says which it is; only `exitCode` turns that into a number.
public enum FailureKind: Sendable, Equatable {
    /// Bad usage or bad input: exit 2.
    case badInput
    /// Anything else that went wrong: exit 1.
    case failure

    /// The one mapping from a kind to an exit code (0 is success, which is no failure at all).
    public var exitCode: Int32 {
        switch self {
        case .badInput: 2
        case .failure: 1
        }
    }

    /// The kind of any error: its own when it says, else a failure (an error nobody classified is
    /// not the user's fault).
    public init(of error: any Error) {
        self = (error as? any ConveneError)?.failureKind ?? .failure
    }
}

/// An error of one of Convene's modules: one line a person can act on, and its kind.
public protocol ConveneError: Error, CustomStringConvertible {
    var failureKind: FailureKind { get }
}
