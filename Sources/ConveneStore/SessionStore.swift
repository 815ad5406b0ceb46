import ConveneCore
import Foundation

/// What the rest of Convene needs from storage. GRDB stays behind it, so a second implementation
/// (PostgreSQL for a network of collaboratives) can follow without touching the core or the REPL.
public protocol SessionStore: Sendable {
    func groups() throws(StoreError) -> [GroupRecord]
    func group(named name: String) throws(StoreError) -> GroupRecord?
    func createGroup(named name: String, at date: Date) throws(StoreError) -> GroupRecord
    /// Creates the session and stores its first events in one transaction.
    func createSession(group: GroupRecord, events: [SessionEvent]) throws(StoreError) -> SessionRecord
    /// Appends events durably (committed with synchronous=FULL) before returning.
    func append(_ events: [SessionEvent], to session: Int64, state: SessionState?) throws(StoreError)
    func events(of session: Int64) throws(StoreError) -> [SessionEvent]
    func session(id: Int64) throws(StoreError) -> SessionRecord?
    func sessions(groupId: Int64?) throws(StoreError) -> [SessionListing]
    /// Sessions that were left without /end, newest first.
    func openSessions() throws(StoreError) -> [SessionListing]
    /// What the group carries into a session: threshold, agreements, conflicts, commitments, labels.
    func context(forSession session: Int64) throws(StoreError) -> GroupContext
    /// Stores anonymous answers durably, with no identity, device, address, time or order.
    func addAnswers(_ answers: [PulseAnswer], session: Int64, pulse: Int, cap: Int?) throws(StoreError)
    func answers(session: Int64) throws(StoreError) -> [Int: [PulseAnswer]]
    func setThreshold(_ threshold: Int, group name: String) throws(StoreError) -> GroupRecord
    func setLanguage(_ language: ParticipantLanguage, group name: String) throws(StoreError) -> GroupRecord
}
