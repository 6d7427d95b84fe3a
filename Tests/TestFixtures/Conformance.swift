import Foundation

/// The public conformance suites copied into `fixtures/conformance` (see its README):
/// JSONTestSuite's parsing tests and csv-spectrum.
public enum Conformance {
    /// One JSONTestSuite text: its file name and bytes.
    public struct JSONCase: Sendable {
        /// The file name (`y_…` must be accepted, `n_…` refused, `i_…` either).
        public let name: String
        /// The raw bytes (not necessarily UTF-8).
        public let bytes: Data
        /// What RFC 8259 says of it.
        public var expectation: Character { name.first! }
    }

    /// Every text of JSONTestSuite's `test_parsing`, sorted by name.
    public static func jsonTestSuite() throws -> [JSONCase] {
        let dir = Fixtures.url("conformance/JSONTestSuite/test_parsing")
        return try FileManager.default.contentsOfDirectory(atPath: dir.path).filter { $0.hasSuffix(".json") }.sorted().map {
            JSONCase(name: $0, bytes: try Data(contentsOf: dir.appendingPathComponent($0)))
        }
    }

    /// `text` as the value of property `x` of the one feature of an otherwise valid territory map.
    public static func embedded(_ text: Data) -> Data {
        Data(#"{"type":"FeatureCollection","features":[{"type":"Feature","properties":{"id":"A","x":"#.utf8) + text
            + Data(#"},"geometry":{"type":"Polygon","coordinates":[[[-79,35],[-78,35],[-78,36],[-79,36],[-79,35]]]}}]}"#.utf8)
    }

    /// One csv-spectrum case: the CSV bytes and the records they must parse to (header → value).
    public struct CSVCase: Sendable {
        /// The file's base name.
        public let name: String
        /// The raw CSV.
        public let bytes: Data
        /// The header's column names, in order.
        public let columns: [String]
        /// Each record's values by column name.
        public let records: [[String: String]]
    }

    /// Every csv-spectrum case, sorted by name.
    public static func csvSpectrum() throws -> [CSVCase] {
        let dir = Fixtures.url("conformance/csv-spectrum")
        let names = try FileManager.default.contentsOfDirectory(atPath: dir.appendingPathComponent("csvs").path)
            .filter { $0.hasSuffix(".csv") }.sorted()
        return try names.map { file in
            let base = String(file.dropLast(4))
            let bytes = try Data(contentsOf: dir.appendingPathComponent("csvs/\(file)"))
            let json = try Data(contentsOf: dir.appendingPathComponent("json/\(base).json"))
            let records = try JSONSerialization.jsonObject(with: json) as? [[String: String]] ?? []
            // The header's order, from the first line (csv-spectrum's headers are never quoted).
            let headerLine = String(decoding: bytes.prefix { $0 != 0x0A && $0 != 0x0D }, as: UTF8.self)
            return CSVCase(
                name: base, bytes: bytes, columns: headerLine.split(separator: ",", omittingEmptySubsequences: false).map(String.init),
                records: records)
        }
    }

    /// `csv` with `prefix` inserted before every record (the header included), leaving each
    /// record's quoting and line ends as they are.
    public static func prefixingRecords(_ csv: Data, with prefix: String) -> Data {
        var out = Data(prefix.utf8)
        var inQuotes = false
        for (i, byte) in csv.enumerated() {
            out.append(byte)
            if byte == 0x22 { inQuotes.toggle() }
            if byte == 0x0A, !inQuotes, i + 1 < csv.count { out.append(contentsOf: Data(prefix.utf8)) }
        }
        return out
    }
}
