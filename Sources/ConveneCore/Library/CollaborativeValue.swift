/// The five values a collaborative works on; plans cover them and activities serve them.
public enum CollaborativeValue: String, CaseIterable, Codable, Sendable {
    case collaboration, inclusion, engagement, learning, integrity
}
