/// What the room is deciding now: stated by `/propose`, its stance taken by `/decide`, closed by
/// `/decided` or `/deferred`.
public struct Proposal: Sendable, Equatable {
    public var number: Int
    public var text: String
    public var method: DecisionMethod
    /// The agenda item's key it was proposed under, if it was one of the group's items.
    public var item: Int?
    /// Stances taken openly by seat (groups that decide on the record).
    public var open: [Decision.OpenStance] = []
    /// The item's title (kept when an undo reopens a proposal whose item is not at hand).
    public var itemTitle: String?
    /// A dot vote's options, once `/decide dot-vote A,B,C` names them.
    public var options: [String] = []

    public init(
        number: Int, text: String, method: DecisionMethod, item: Int?, open: [Decision.OpenStance] = [], itemTitle: String? = nil,
        options: [String] = []
    ) {
        self.number = number
        self.text = text
        self.method = method
        self.item = item
        self.open = open
        self.itemTitle = itemTitle
        self.options = options
    }
}
