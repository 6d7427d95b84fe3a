#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Correctly rounded decimal-to-double conversion for the readers' hot loops.
///
/// Most coordinates in real files have at most 15 significant digits, and then Clinger's fast
/// path is exact: the digits fit a double without rounding and one multiplication or division
/// by an exact power of ten rounds once, correctly. Longer mantissas (the 16-17 digits of
/// shortest round-trip output, which coverages written at full precision are full of) with up
/// to 19 fraction digits take a second path: a candidate from double arithmetic, within an ulp
/// or two, is checked exactly against the halfway points to its neighbours in 128-bit integer
/// arithmetic and stepped until it is the correctly rounded value. Anything else (more than 19
/// digits, large exponents, results near a power of two or tiny) goes to the C library's
/// `strtod`, which is correct for every input but several times slower.
package enum DecimalParsing {
    private static let powersOfTen: ContiguousArray<Double> = [
        1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11,
        1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22,
    ]

    /// Parses `bytes[start..<end]` as a decimal number (`-12.5`, `3e-4`, `+7`; also `NaN`,
    /// `Infinity`, `-Infinity`, which Python's json module writes). Returns nil when the text is
    /// not a number. Surrounding spaces are not allowed.
    @inline(__always)
    package static func parse(_ bytes: UnsafeBufferPointer<UInt8>, _ start: Int, _ end: Int) -> Double? {
        var i = start
        guard i < end else { return nil }
        var negative = false
        if bytes[i] == UInt8(ascii: "-") { negative = true; i += 1 } else if bytes[i] == UInt8(ascii: "+") { i += 1 }
        // Up to 19 digits fit a UInt64 exactly; longer runs go to strtod.
        var mantissa: UInt64 = 0
        let integerStart = i
        while i < end, case let d = bytes[i] &- 48, d < 10 { mantissa = mantissa &* 10 &+ UInt64(d); i += 1 }
        var digits = i - integerStart
        var exponent = 0
        if i < end, bytes[i] == UInt8(ascii: ".") {
            i += 1
            let fractionStart = i
            while i < end, case let d = bytes[i] &- 48, d < 10 { mantissa = mantissa &* 10 &+ UInt64(d); i += 1 }
            exponent = fractionStart - i
            digits += i - fractionStart
        }
        guard digits > 0 else { return special(bytes, start, end) }
        if i < end, bytes[i] == UInt8(ascii: "e") || bytes[i] == UInt8(ascii: "E") {
            i += 1
            var expNegative = false
            if i < end, bytes[i] == UInt8(ascii: "-") { expNegative = true; i += 1 } else if i < end, bytes[i] == UInt8(ascii: "+") { i += 1 }
            var e = 0, expDigits = 0
            while i < end, case let d = bytes[i] &- 48, d < 10 {
                if e < 100_000 { e = e * 10 + Int(d) }
                expDigits += 1; i += 1
            }
            guard expDigits > 0 else { return nil }
            exponent += expNegative ? -e : e
        }
        guard i == end else { return nil }
        // Clinger's fast path: an exact mantissa and one correctly rounded operation.
        if digits <= 19, mantissa < (1 << 53), exponent >= -22, exponent <= 22 {
            let m = Double(mantissa)
            let value = exponent >= 0 ? m * powersOfTen[exponent] : m / powersOfTen[-exponent]
            return negative ? -value : value
        }
        if digits <= 19, exponent < 0, exponent >= -19, let value = verified(mantissa, fractionDigits: -exponent) {
            return negative ? -value : value
        }
        return slow(bytes, start, end)
    }

    private static let integerPowersOfTen: ContiguousArray<UInt64> = {
        var p: ContiguousArray<UInt64> = [1]
        for _ in 1...19 { p.append(p.last! * 10) }
        return p
    }()

    /// `m / 10^k` correctly rounded, for `m` < 2^64 and 1 <= k <= 19, or nil when the exact check
    /// does not apply (the result is a power of two, subnormal, or too small or large for the
    /// 128-bit comparison). The candidate `d = M·2^E` (M the 53-bit significand) is correct when
    /// `(2M - 1)·2^(E-1) < m/10^k < (2M + 1)·2^(E-1)`, that is when `2m·2^(-E)` lies strictly between
    /// `(2M - 1)·10^k` and `(2M + 1)·10^k`; on a halfway point the even significand wins.
    package static func verified(_ m: UInt64, fractionDigits k: Int) -> Double? {
        guard m != 0 else { return 0 }
        let p = integerPowersOfTen[k]
        var d = Double(m) / Double(p)
        for _ in 0..<4 {
            guard d.isNormal, d.significandBitPattern != 0 else { return nil }
            let significand = d.significandBitPattern | 1 << 52
            let shift = 52 - Int(d.exponent) + 1  // 2m·2^(-E), E = exponent - 52
            guard shift > 0, shift + (64 - m.leadingZeroBitCount) <= 127 else { return nil }
            let a = shifted(m, by: shift)
            let upper = (2 * significand + 1).multipliedFullWidth(by: p)
            let lower = (2 * significand - 1).multipliedFullWidth(by: p)
            if less(upper, a) {
                d = d.nextUp
            } else if less(a, lower) {
                d = d.nextDown
            } else if a == upper {
                return significand & 1 == 0 ? d : d.nextUp
            } else if a == lower {
                return significand & 1 == 0 ? d : d.nextDown
            } else {
                return d
            }
        }
        return nil
    }

    /// `x·2^shift` as a 128-bit (high, low) pair; the caller keeps it below 2^127.
    @inline(__always)
    private static func shifted(_ x: UInt64, by shift: Int) -> (high: UInt64, low: UInt64) {
        shift >= 64 ? (x << (shift - 64), 0) : (shift == 0 ? (0, x) : (x >> (64 - shift), x << shift))
    }

    @inline(__always)
    private static func less(_ a: (high: UInt64, low: UInt64), _ b: (high: UInt64, low: UInt64)) -> Bool {
        a.high < b.high || (a.high == b.high && a.low < b.low)
    }

    /// `NaN`, `Infinity`, `-Infinity` (and `inf`), which some writers emit.
    private static func special(_ bytes: UnsafeBufferPointer<UInt8>, _ start: Int, _ end: Int) -> Double? {
        let text = String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<end]), as: UTF8.self)
        switch text.lowercased() {
        case "nan", "-nan", "+nan": return .nan
        case "infinity", "+infinity", "inf", "+inf": return .infinity
        case "-infinity", "-inf": return -.infinity
        default: return nil
        }
    }

    private static func slow(_ bytes: UnsafeBufferPointer<UInt8>, _ start: Int, _ end: Int) -> Double? {
        let count = end - start
        return withUnsafeTemporaryAllocation(of: CChar.self, capacity: count + 1) { buffer -> Double? in
            for k in 0..<count { buffer[k] = CChar(bitPattern: bytes[start + k]) }
            buffer[count] = 0
            var endPointer: UnsafeMutablePointer<CChar>?
            let value = strtod(buffer.baseAddress!, &endPointer)
            return endPointer == buffer.baseAddress! + count ? value : nil
        }
    }

    /// Parses a Swift string as a number with the same rules.
    package static func parse(_ text: Substring) -> Double? {
        var text = text
        return text.withUTF8 { parse($0, 0, $0.count) }
    }
}
