import ConveneCore

/// The one error type of ConveneWeb.
public struct WebError: ConveneError, Sendable {
    public var message: String
    /// A bind address that cannot be read is bad input; a port that cannot be served is a failure.
    public var failureKind: FailureKind

    public init(_ message: String, kind: FailureKind = .failure) {
        self.message = message
        failureKind = kind
    }

    public var description: String { message }
}
