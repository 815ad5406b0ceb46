import ArgumentParser
import ConveneCore
import ConveneSession
import ConveneStore
import ConveneTerminal
import ConveneWeb

/// The one place an exit code is decided, from the kind of what went wrong (DESIGN.md: 0 ok,
/// 1 failure, 2 bad usage or bad input). A full disk or a broken store is 1, never 2.
enum ExitStatus {
    static let ok: Int32 = 0
    static let failure: Int32 = 1
    static let badInput: Int32 = 2

    static func code(for error: any Error) -> Int32 {
        switch error {
        case let error as CLIError: error.code
        case let error as ExitCode: error.rawValue
        case let error as SessionError: error.kind == .store ? failure : badInput
        case let error as CoreError: error.kind == .library ? failure : badInput
        case let error as StoreError: error.kind == .notFound || error.kind == .refused ? badInput : failure
        case is WebError: failure
        case is ConfigError: badInput
        default: Convene.exitCode(for: error) == .validationFailure ? badInput : failure
        }
    }

    static func code(for outcome: SessionRunner.Outcome) -> Int32 {
        switch outcome {
        case .done: ok
        case .badInput: badInput
        case .storeFailed: failure
        }
    }
}
