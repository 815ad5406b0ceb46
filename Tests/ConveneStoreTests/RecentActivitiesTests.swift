import ConveneCore
import Foundation
import Testing

@testable import ConveneStore

@Suite struct RecentActivitiesTests {
    let t0 = Date(timeIntervalSince1970: 1_800_000_000)

    func session(_ store: AppDatabase, group: GroupRecord, day: Int, ids: [String], added: String? = nil) throws {
        let at = t0 + Double(day) * 86_400
        let agenda = ids.enumerated().map { AgendaItem(key: $0.offset + 1, activityID: $0.element, title: $0.element, plannedMinutes: 10) }
        let record = try store.createSession(
            group: group,
            events: [
                SessionEvent(at: at, .started(group: group.name, plan: "p", title: "P", agenda: agenda)),
                SessionEvent(at: at, .moved(to: 1, how: .start)),
            ])
        if let added {
            try store.appendAsLive(
                [SessionEvent(at: at, .added(item: AgendaItem(key: 99, activityID: added, title: added, plannedMinutes: 10), index: 1))],
                to: record.id!)
        }
    }

    @Test func readsTheLastThreeSessionsOfTheGroupOnly() throws {
        let store = try AppDatabase.inMemory()
        let steering = try store.createGroup(named: "Steering", at: t0)
        let other = try store.createGroup(named: "Other", at: t0)
        try session(store, group: steering, day: 1, ids: ["oldest", "shared"])
        try session(store, group: steering, day: 2, ids: ["second", "shared"])
        try session(store, group: other, day: 3, ids: ["elsewhere"])
        try session(store, group: steering, day: 4, ids: ["third"], added: "added-live")
        try session(store, group: steering, day: 5, ids: ["latest"])
        let recent = try store.recentActivityIDs(groupId: steering.id!)
        #expect(recent == ["second", "shared", "third", "added-live", "latest"])
        #expect(try store.recentActivityIDs(groupId: steering.id!, sessions: 1) == ["latest"])
        #expect(try store.recentActivityIDs(groupId: 999).isEmpty)
    }
}
