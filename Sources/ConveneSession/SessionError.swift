import ConveneCore
import ConveneStore

/// The one error type of ConveneSession: a line the facilitator can act on, and what it means for
/// a script (its kind's exit code is `FailureKind.exitCode`).
public struct SessionError: ConveneError, Sendable {
    public enum Kind: Sendable, Equatable {
        /// The line was not understood, or cannot be done now: the session goes on (exit 2 in a script).
        case input
        /// The store could not keep or read something: nothing was acknowledged (exit 1).
        case store
    }

    public var kind: Kind
    public var message: String

    public init(_ kind: Kind, _ message: String) {
        self.kind = kind
        self.message = message
    }

    init(_ error: CoreError) { self.init(.input, error.description) }
    init(_ error: StoreError) { self.init(.store, error.description) }

    public var description: String { message }

    public var failureKind: FailureKind { kind == .store ? .failure : .badInput }
}
