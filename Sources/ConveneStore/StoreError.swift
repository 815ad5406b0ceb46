import ConveneCore
import GRDB

/// The one error type of ConveneStore, with messages that say what to do.
public struct StoreError: ConveneError, Sendable {
    public enum Kind: Sendable, Equatable {
        case cannotOpen, inUse, readOnly, full, corrupt, notFound, failed
        /// The store is fine but what was asked contradicts what it holds (a name taken, a session
        /// ended): bad input, not a failure.
        case refused
    }

    public var kind: Kind
    public var message: String

    public init(_ kind: Kind, _ message: String) {
        self.kind = kind
        self.message = message
    }

    public var description: String { message }

    /// The store is fine but what was asked names nothing or contradicts it: bad input. Anything
    /// about the file, the disk or SQLite is a failure.
    public var failureKind: FailureKind { kind == .notFound || kind == .refused ? .badInput : .failure }

    /// Translates a GRDB or SQLite error into one a facilitator can act on.
    static func wrap(_ error: any Error, path: String) -> StoreError {
        if let error = error as? StoreError { return error }
        guard let db = error as? DatabaseError else { return StoreError(.failed, "store \(path): \(error)") }
        switch db.resultCode {
        case .SQLITE_FULL:
            return StoreError(.full, "store \(path): the disk is full; nothing was saved from this step. Free some space and try again")
        case .SQLITE_READONLY:
            return StoreError(.readOnly, "store \(path) is read-only: check its permissions, or pass --store with a writable path")
        case .SQLITE_CORRUPT, .SQLITE_NOTADB:
            return StoreError(.corrupt, "store \(path) is not a readable Convene store (\(db.message ?? "corrupt")); it was left untouched")
        case .SQLITE_CANTOPEN:
            return StoreError(.cannotOpen, "cannot open store \(path): check that its folder exists and is writable")
        case .SQLITE_BUSY, .SQLITE_LOCKED:
            return StoreError(.inUse, "store \(path) is busy: another convene is writing to it")
        case .SQLITE_IOERR:
            return StoreError(.failed, "store \(path): the disk reported an error (\(db.message ?? "I/O error")); nothing was saved from this step")
        default:
            return StoreError(.failed, "store \(path): \(db.message ?? "\(db)")")
        }
    }
}
