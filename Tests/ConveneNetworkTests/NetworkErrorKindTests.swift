import ConveneCore
import Testing

@testable import ConveneNetwork

/// A network value that cannot be used is bad input (exit 2); everything the server or the wire does
/// is a failure (exit 1). The failure is also checked through the binary (ExitCodeTests); a bad value
/// needs a server to get that far, so its kind is checked here.
@Suite struct NetworkErrorKindTests {
    @Test func aBadValueIsBadInputAndTheRestFailures() {
        #expect(NetworkError.badURL("the table needs a name").failureKind == .badInput)
        let failures: [NetworkError] = [
            .unreachable(target: "t", reason: "connection refused"), .authenticationFailed(target: "t", role: "r", reason: "no"),
            .databaseMissing(target: "t", database: "d"), .permissionDenied(role: "r", detail: "d"), .schemaMissing(url: "u"),
            .connectionLost(target: "t", during: "d"), .commitUncertain(target: "t"), .noTable(role: "r", group: "g"), .server("s"),
            .tls(host: "h", problem: .untrustedCertificate),
        ]
        for error in failures { #expect(FailureKind(of: error) == .failure, "\(error)") }
    }
}
