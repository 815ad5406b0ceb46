/// The group-dynamics signals of DESIGN.md; activities name the ones they help with.
public enum SignalID: String, CaseIterable, Codable, Sendable {
    case trustDecline = "trust-decline"
    case splitRoom = "split-room"
    case quietConflict = "quiet-conflict"
    case recurringConcern = "recurring-concern"
    case airtimeImbalance = "airtime-imbalance"
    case attendanceDrift = "attendance-drift"
    case followThrough = "follow-through"
    case conflictAging = "conflict-aging"
    case worthDecline = "worth-decline"
    case voiceGap = "voice-gap"
    case ownershipGap = "ownership-gap"
    case representationDrift = "representation-drift"
    case trustGap = "trust-gap"
    case decidedWithout = "decided-without"
    case decisionsRevisited = "decisions-revisited"
    case thinSupport = "thin-support"
}
