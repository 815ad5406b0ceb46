/// Whether a plan may place a card: most cards are scheduled; an interrupt for when harm happens in
/// the room (`schedule: on-demand`) is kept ready instead, because planning it would mean planning
/// the harm.
public enum ActivitySchedule: String, CaseIterable, Codable, Sendable {
    case agenda
    case onDemand = "on-demand"
}
