extension Cell {
    /// Up to five scalar values inline, zero-padded: a base and its combining marks.
    public struct Scalars: Sendable, Hashable, BitwiseCopyable {
        public var base: UInt32
        var mark1: UInt32 = 0
        var mark2: UInt32 = 0
        var mark3: UInt32 = 0
        var mark4: UInt32 = 0

        init(base: UInt32) {
            self.base = base
        }

        init(_ scalars: some Sequence<Unicode.Scalar>) {
            base = 0
            for scalar in scalars {
                guard append(scalar.value) else { break }
            }
        }

        /// How many scalars are held (0 in a continuation cell).
        public var count: Int {
            if base == 0 { return 0 }
            if mark1 == 0 { return 1 }
            if mark2 == 0 { return 2 }
            if mark3 == 0 { return 3 }
            return mark4 == 0 ? 4 : 5
        }

        /// The value at `index` (0 is the base), 0 past the end.
        public subscript(index: Int) -> UInt32 {
            switch index {
            case 0: base
            case 1: mark1
            case 2: mark2
            case 3: mark3
            case 4: mark4
            default: 0
            }
        }

        /// Calls `body` with each scalar, base first.
        public func forEach(_ body: (Unicode.Scalar) -> Void) {
            for index in 0..<count {
                if let scalar = Unicode.Scalar(self[index]) { body(scalar) }
            }
        }

        /// Appends a value after the last one held; false when all five are taken.
        @discardableResult
        mutating func append(_ value: UInt32) -> Bool {
            switch count {
            case 0: base = value
            case 1: mark1 = value
            case 2: mark2 = value
            case 3: mark3 = value
            case 4: mark4 = value
            default: return false
            }
            return true
        }
    }
}
