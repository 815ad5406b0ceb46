import Foundation
import Testing

/// The equity lens in a real browser, through the real binary: a phone answers a pulse segmented by
/// seat category, and the HTML report's scorecard and results by segment render in Chromium.
@Suite(.serialized) struct EquityBrowserTests {
    func script(_ name: String, _ extra: [String] = [], in sandbox: Sandbox = Sandbox()) throws -> Sandbox.Result {
        try sandbox.python("scripts/\(name)", extra)
    }

    /// The segment question comes first and is required (by the browser, and by the server when the
    /// attribute is taken off); with a segment the phone is thanked, five more phones reach k, and
    /// `/close` shows the results by segment.
    @Test func aPhoneChoosesItsSegmentAndTheCloseShowsResultsBySegment() throws {
        let result = try script("web_segment_browser.py")
        #expect(result.status == 0, "\(result.stdout)")
        #expect(result.stdout.contains("segment asked first and required; refused without one; browser answered with a segment; by segment at close"))
    }

    /// The demo's report: the five values with worded trends, segment tables with no row under k,
    /// no script and nothing loaded; and the same file well-formed and self-contained.
    @Test func theReportsScorecardAndSegmentsRenderInChromium() throws {
        let sandbox = Sandbox()
        let result = try script("scorecard_browser.py", in: sandbox)
        #expect(result.status == 0, "\(result.stdout)")
        #expect(result.stdout.contains("scorecard displayed with five values and worded trends"))
        let check = try sandbox.python("scripts/check_html.py", [sandbox.folder + "/report.html", sandbox.folder + "/report.png"], passBinary: false)
        #expect(check.status == 0, "\(check.stdout)")
        #expect(check.stdout.contains("well-formed, self-contained, rendered"))
    }
}
