extension JSONValue {
    /// A place as the JSON array `[lon, lat]`, or `null` when there is none (or it is not finite).
    public static func location(_ c: Coordinate?) -> JSONValue {
        guard let c, c.isFinite else { return .null }
        return .array([.number(c.x), .number(c.y)])
    }
}
