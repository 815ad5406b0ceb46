import ConveneCore
import Foundation
import NIOCore
import PostgresNIO

/// Everything that can go wrong between a laptop and the network's server, each as one line that
/// says what to do next.
public enum NetworkError: ConveneError, Equatable, Sendable {
    /// The URL cannot be read (bad usage: exit 2).
    case badURL(String)
    /// Nothing answers at the address, or it stopped answering before the work began.
    case unreachable(target: String, reason: String)
    /// The server refused the role's password (or asked for one and none was found).
    case authenticationFailed(target: String, role: String, reason: String)
    /// The database named in the URL is not on the server.
    case databaseMissing(target: String, database: String)
    /// The role may not do this.
    case permissionDenied(role: String, detail: String)
    /// The network's tables are not there (or are older than this convene).
    case schemaMissing(url: String)
    /// The server went away in the middle: the transaction did not commit.
    case connectionLost(target: String, during: String)
    /// The server went away while committing: the work either landed whole or not at all.
    case commitUncertain(target: String)
    /// The publishing role has no table in the network.
    case noTable(role: String, group: String)
    /// TLS failed: the certificate, its name, the CA file or the handshake.
    case tls(host: String, problem: TLSProblem)
    /// A backup file that cannot be written or read, or a restore the target cannot take.
    case backup(String)
    /// Anything else the server said.
    case server(String)

    public enum TLSProblem: Sendable, Equatable {
        /// The chain does not end at a CA this laptop trusts (sslrootcert, or the system's).
        case untrustedCertificate
        /// The certificate is not for the name the URL connects to.
        case wrongName
        /// sslrootcert names a file that is not there or holds no PEM certificate.
        case rootCertificateUnreadable(file: String)
        /// sslmode asks for TLS and the server does not offer it.
        case notOffered
        /// Anything else in the handshake (a protocol or cipher the two do not share).
        case handshake(String)
    }

    /// A URL that cannot be read is bad usage; everything the server or the wire does is a failure.
    public var failureKind: FailureKind {
        if case .badURL = self { return .badInput }
        return .failure
    }

    public var description: String {
        switch self {
        case .badURL(let reason):
            return "bad network URL: \(reason)"
        case .unreachable(let target, let reason):
            return "cannot reach the network server at \(target): \(reason) (is PostgreSQL running there, and is the URL right?)"
        case .authenticationFailed(let target, let role, let reason):
            return "the server at \(target) refused role \(role): \(reason); put the password in the URL, PGPASSWORD or ~/.pgpass"
        case .databaseMissing(let target, let database):
            return "there is no database \(database) at \(target): the backbone creates it (createdb \(database)), then runs convene network init URL"
        case .permissionDenied(let role, let detail):
            return "role \(role) is not allowed to do this: \(detail)"
        case .schemaMissing(let url):
            return "the network's schema is missing at \(url): run `convene network init \(url)` first"
        case .connectionLost(let target, let during):
            return "the network server at \(target) went away during \(during): nothing was changed there; try again when it is back"
        case .commitUncertain(let target):
            return
                "the network server at \(target) went away while committing: it holds either all of this or none of it; run the command again when it is back (it is safe to repeat)"
        case .noTable(let role, let group):
            return
                "role \(role) has no table in this network: the backbone runs `convene network grant \"\(group)\"` and gives this laptop that table's role"
        case .tls(let host, let problem):
            switch problem {
            case .untrustedCertificate:
                return
                    "the server at \(host) has a certificate signed by a CA this laptop does not trust: give the CA's certificate file (from the backbone or the hosting provider) with sslrootcert=FILE in the network URL, or PGSSLROOTCERT"
            case .wrongName:
                return
                    "the server's certificate is not for \(host): connect by the name on its certificate (with hostaddr=IP if the name does not resolve here), or use sslmode=verify-ca to check only its CA"
            case .rootCertificateUnreadable(let file):
                return "cannot read the CA certificates for \(host) from sslrootcert \(file): give a PEM file that exists and this user can read"
            case .notOffered:
                return
                    "the server at \(host) does not offer TLS and the URL's sslmode requires it: ask its administrator to turn ssl on, or use sslmode=prefer"
            case .handshake(let reason):
                return "the TLS handshake with the server at \(host) failed (\(reason)): check the network URL's sslmode and sslrootcert"
            }
        case .backup(let message):
            return message
        case .server(let message):
            return "the network server said: \(message)"
        }
    }

    /// One line from whatever postgres-nio threw, for a user who can act on it.
    static func from(_ error: any Error, url: NetworkURL, during: String) -> NetworkError {
        if let error = error as? NetworkError { return error }
        if let error = error as? PostgresTransactionError {
            if let inner = error.commitError {
                let cause = from(inner, url: url, during: during)
                if case .connectionLost = cause { return .commitUncertain(target: url.description) }
                return cause
            }
            if let inner = error.beginError ?? error.closureError { return from(inner, url: url, during: during) }
            if let inner = error.rollbackError { return from(inner, url: url, during: during) }
        }
        let target = url.description
        guard let error = error as? PSQLError else {
            if error is CancellationError { return .connectionLost(target: target, during: during) }
            return .unreachable(target: target, reason: Self.line("\(error)"))
        }
        switch error.code {
        case .server:
            let state = error.serverInfo?[.sqlState] ?? ""
            let message = Self.line(error.serverInfo?[.message] ?? "an error")
            switch state {
            case "28P01", "28000":
                return .authenticationFailed(target: target, role: url.user, reason: message)
            case "3D000":
                return .databaseMissing(target: target, database: url.database)
            case "42501":
                return .permissionDenied(role: url.user, detail: message)
            case "42P01", "42883", "42703":
                return .schemaMissing(url: url.redacted)
            case "57P01", "57P02", "57P03", "08006", "08003", "08000":
                return .connectionLost(target: target, during: during)
            case "CV001":
                // convene_publish found no table for the role (migration 004).
                return .noTable(role: url.user, group: "GROUP")
            case "55P03":
                return .server("\(message): another session holds what \(during) needs; try again in a minute")
            case "57014":
                return .server("\(during) took longer than the server allows (\(message)); try again, or ask the backbone")
            default:
                let detail = error.serverInfo?[.detail].map { " (\(Self.line($0)))" } ?? ""
                return .server(message + detail)
            }
        case .authMechanismRequiresPassword:
            return .authenticationFailed(target: target, role: url.user, reason: "the server asks for a password and none was given")
        case .unsupportedAuthMechanism, .saslError:
            return .authenticationFailed(target: target, role: url.user, reason: "the password exchange failed")
        case .connectionError, .failedToAddSSLHandler:
            if let problem = tlsProblem(error.underlying) { return .tls(host: url.host, problem: problem) }
            return .unreachable(target: target, reason: Self.reason(error.underlying))
        case .serverClosedConnection, .uncleanShutdown, .clientClosedConnection, .poolClosed, .queryCancelled:
            return .connectionLost(target: target, during: during)
        case .sslUnsupported:
            return .tls(host: url.host, problem: .notOffered)
        default:
            if let problem = tlsProblem(error.underlying) { return .tls(host: url.host, problem: problem) }
            return .server(Self.line("\(error.code)"))
        }
    }

    /// What went wrong in TLS, read from NIOSSL's error (never its text: that names build paths).
    static func tlsProblem(_ underlying: (any Error)?) -> TLSProblem? {
        guard let underlying else { return nil }
        if let extra = underlying as? NIOSSLExtraError, extra == .failedToValidateHostname { return .wrongName }
        guard let ssl = underlying as? NIOSSLError else { return nil }
        switch ssl {
        case .handshakeFailed(let boring):
            let text = "\(boring)"
            if text.contains("CERTIFICATE_VERIFY_FAILED") { return .untrustedCertificate }
            // BoringSSL's reason names (e.g. NO_SHARED_CIPHER) without the file and line around them.
            let reasons = text.matches(of: /:([A-Z0-9_]{4,}):/).map { String($0.output.1).lowercased().replacingOccurrences(of: "_", with: " ") }
            return .handshake(reasons.isEmpty ? "the two could not agree" : reasons.joined(separator: ", "))
        case .unableToValidateCertificate, .noCertificateToValidate: return .untrustedCertificate
        default: return .handshake(Self.line("\(ssl)").components(separatedBy: "(").first ?? "an error")
        }
    }

    /// The cause of a failed connection, in words (connection refused, no such socket, timed out).
    static func reason(_ underlying: (any Error)?) -> String {
        guard let underlying else { return "the connection failed" }
        if let io = underlying as? IOError {
            switch io.errnoCode {
            case ECONNREFUSED: return "connection refused"
            case ENOENT: return "no server socket there"
            case ETIMEDOUT: return "timed out"
            case EACCES: return "not allowed to open the socket"
            default: return Self.line(String(cString: strerror(io.errnoCode)).lowercased())
            }
        }
        let text = "\(underlying)"
        if text.contains("connectTimeout") || text.lowercased().contains("timeout") { return "timed out" }
        if text.contains("connectionRefused") || text.contains("refused") { return "connection refused" }
        if text.contains("NXDOMAIN") || text.lowercased().contains("resolve") || text.contains("unknown host") { return "the host name is unknown" }
        return Self.line(text)
    }

    static func line(_ text: String) -> String {
        text.split(whereSeparator: \.isNewline).joined(separator: " ").trimmingCharacters(in: .whitespaces)
    }
}
