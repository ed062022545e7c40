extension Int64 {
    /// Quotient rounded towards the past and a remainder in `0..<divisor` (`divisor` > 0): the
    /// day, minute or second an instant falls in, before the epoch as after it. Swift's `/`
    /// rounds towards zero, which puts -30 s and +30 s in the same "minute 0".
    func flooredQuotientAndRemainder(dividingBy divisor: Int64) -> (quotient: Int64, remainder: Int64) {
        let (quotient, remainder) = quotientAndRemainder(dividingBy: divisor)
        return remainder < 0 ? (quotient - 1, remainder + divisor) : (quotient, remainder)
    }
}
