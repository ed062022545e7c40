/// A rectangle of terminal cells.
public struct Region: Sendable, Hashable {
    public var x: Int
    public var y: Int
    public var width: Int
    public var height: Int

    public init(x: Int, y: Int, width: Int, height: Int) {
        self.x = x
        self.y = y
        self.width = max(0, width)
        self.height = max(0, height)
    }

    public var maxX: Int { x + width }
    public var maxY: Int { y + height }
    public var isEmpty: Bool { width == 0 || height == 0 }

    /// The part of this region inside `other`.
    public func clipped(to other: Region) -> Region {
        let left = max(x, other.x)
        let top = max(y, other.y)
        let right = min(maxX, other.maxX)
        let bottom = min(maxY, other.maxY)
        return Region(x: left, y: top, width: right - left, height: bottom - top)
    }

    /// This region without its first `rows` rows.
    public func droppingTop(_ rows: Int) -> Region {
        let taken = min(rows, height)
        return Region(x: x, y: y + taken, width: width, height: height - taken)
    }

    /// The first `rows` rows of this region.
    public func top(_ rows: Int) -> Region {
        Region(x: x, y: y, width: width, height: min(rows, height))
    }
}
