/// Where each part of the console goes for a terminal size.
///
/// Two header rows, a hint row at the bottom, and between them the playbook on the left and the
/// health table above the timeline on the right. Larger terminals give the extra rows and
/// columns to the panes (the health table grows most on wide screens, the timeline on tall ones).
public struct ScreenLayout: Sendable, Hashable {
    public var header: Region
    public var playbook: Region
    public var health: Region
    public var timeline: Region
    /// Below the playbook when Alertmanagers are watched.
    public var alerts: Region?
    /// The column of the vertical rule between the playbook and the right-hand panes.
    public var separatorColumn: Int
    public var status: Region
    public var hint: Region

    /// The layout for `size`, or nil when the terminal is below ``TerminalSize/minimum``.
    public init?(size: TerminalSize, alerts showsAlerts: Bool = false) {
        guard !size.isTooSmall else { return nil }
        let width = size.columns
        let height = size.rows
        header = Region(x: 0, y: 0, width: width, height: 2)
        hint = Region(x: 0, y: height - 1, width: width, height: 1)
        status = Region(x: 0, y: height - 2, width: width, height: 1)
        let bodyTop = 2
        let bodyHeight = height - 4
        let leftWidth: Int
        if width >= 160 {
            leftWidth = width * 2 / 5
        } else if width >= 100 {
            leftWidth = width * 9 / 20
        } else {
            leftWidth = (width - 1) / 2
        }
        separatorColumn = leftWidth
        playbook = Region(x: 0, y: bodyTop, width: leftWidth, height: bodyHeight)
        if showsAlerts {
            let alertsHeight = max(4, bodyHeight * 2 / 5)
            playbook.height = bodyHeight - alertsHeight
            alerts = Region(x: 0, y: bodyTop + playbook.height, width: leftWidth, height: alertsHeight)
        }
        let rightX = leftWidth + 1
        let rightWidth = width - rightX
        let healthHeight = max(5, bodyHeight * 11 / 20)
        health = Region(x: rightX, y: bodyTop, width: rightWidth, height: healthHeight)
        timeline = Region(
            x: rightX, y: bodyTop + healthHeight, width: rightWidth, height: bodyHeight - healthHeight)
    }
}
