extension PlanGenerator {
    /// The cards a plan may place for this group, by phase, and the break card; minutes are the
    /// group's (a round grows with the room, and with interpretation). On-demand cards and the
    /// decision protocols are left out: the first are never scheduled, the second only after their item.
    struct Pools: Sendable {
        let size: Int?
        let interpreted: Bool
        let byPhase: [Phase: [Activity]]
        let pause: Activity?

        init(library: Library, size: Int?, interpreted: Bool = false) {
            self.size = size
            self.interpreted = interpreted
            let usable = library.sortedActivities.filter { $0.isSchedulable && $0.phase != nil && (size.map($0.group.fits) ?? true) }
            pause = usable.first { $0.kind == .pause }
            let protocols = Set(DecisionMethod.allCases.map(\.cardID))
            // Sorted by id already, so a seed picks the same cards every time.
            byPhase = Dictionary(grouping: usable.filter { $0.kind != .pause && !protocols.contains($0.id) }) { $0.phase ?? .work }
        }

        func of(_ phase: Phase) -> [Activity] { byPhase[phase] ?? [] }

        func minutes(_ activity: Activity) -> Activity.Minutes { activity.minutes(for: size, interpreted: interpreted) }
    }
}
