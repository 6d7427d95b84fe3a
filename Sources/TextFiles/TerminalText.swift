/// Text made safe to print on a terminal: control characters that a file or an id can carry
/// (an escape sequence that clears the screen or retitles the window, a carriage return that
/// overwrites the line) are shown as `\u{1B}`-style escapes instead of acting.
///
/// ## Example
/// ```swift
/// TerminalText.visible("id \u{1B}[2J")  // "id \u{1B}[2J" printed as the characters \u{1B}[2J
/// ```
public enum TerminalText {
    /// `text` with every control character but line feed and tab (C0, DEL, C1) written as
    /// `\u{XX}`.
    public static func visible(_ text: String) -> String {
        guard text.unicodeScalars.contains(where: isControl) else { return text }
        var out = ""
        for scalar in text.unicodeScalars {
            if isControl(scalar) {
                out += "\\u{" + String(scalar.value, radix: 16, uppercase: true) + "}"
            } else {
                out.unicodeScalars.append(scalar)
            }
        }
        return out
    }

    private static func isControl(_ scalar: Unicode.Scalar) -> Bool {
        let v = scalar.value
        return (v < 0x20 && v != 0x0A && v != 0x09) || (v >= 0x7F && v <= 0x9F)
    }
}
