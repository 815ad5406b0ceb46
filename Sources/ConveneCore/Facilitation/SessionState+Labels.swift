/// One label for one seat, however it is typed.
extension SessionState {
    /// The spelling a label is kept and shown with, wherever it is typed (/spoke, /seat, /commit):
    /// spaces collapsed, and the first spelling the group used for the same `Seat.key` (its seat's,
    /// a turn's, a commitment owner's), so "United  Way" and "united way" are one label everywhere.
    public func label(for typed: String) -> String {
        let collapsed = typed.split(whereSeparator: \.isWhitespace).joined(separator: " ")
        let key = Seat.key(collapsed)
        return context.roster.seat(collapsed)?.label
            ?? (airtime.map(\.label) + context.labels + context.commitments.map(\.owner)).first { Seat.key($0) == key }
            ?? collapsed
    }
}
