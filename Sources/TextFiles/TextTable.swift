/// Fixed-width columns for text reports.
public enum TextTable {
    /// `text` cut or padded with spaces to `width` characters: left-aligned, or right-aligned
    /// (numbers).
    public static func pad(_ text: String, _ width: Int, right: Bool = false) -> String {
        let t = String(text.prefix(width))
        let fill = String(repeating: " ", count: max(0, width - t.count))
        return right ? fill + t : t + fill
    }
}
