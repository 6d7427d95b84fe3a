/// An OSRM table service answer read from the bytes a server sent (status line, headers, and a
/// body by `Content-Length`, chunked, or to the end), by the same reader every `--osrm` request
/// uses: for tools that replay captured answers, and for fuzzing that reader.
///
/// ## Example
/// ```swift
/// let bytes = Array("HTTP/1.1 200 OK\r\nContent-Length: 63\r\n\r\n{\"code\":\"Ok\",\"durations\":[[0,5],[6,0]],\"distances\":[[0,9],[8,0]]}".utf8)
/// let answer = try OSRMTableAnswer(httpBytes: bytes)
/// print(answer.code ?? "", answer.durations?[0][1] ?? 0)  // Ok 5.0
/// ```
public struct OSRMTableAnswer: Sendable, Equatable {
    /// The HTTP status.
    public let status: Int
    /// OSRM's `code` (`Ok`, `TooBig`, `NoTable`, ...).
    public let code: String?
    /// OSRM's `message`, when it gives one.
    public let message: String?
    /// Seconds from each source to each destination (nil where OSRM answers `null`: no route).
    public let durations: [[Double?]]?
    /// Metres from each source to each destination.
    public let distances: [[Double?]]?

    /// Reads an answer.
    /// - Throws: ``TerritoryError/invalidArgument(_:)`` for bytes that are no HTTP answer
    ///   (incomplete, malformed lengths or chunks) or whose body is not an OSRM table in JSON.
    public init(httpBytes: [UInt8]) throws(TerritoryError) {
        let response: HTTPGet.Response
        do { response = try HTTPGet.parseResponse(httpBytes, from: "the answer") } catch {
            throw .invalidArgument("\(error)")
        }
        let table: TableAnswer
        do { table = try response.body.withUnsafeBufferPointer { try TableAnswer.parse($0) } } catch {
            throw .invalidArgument("the answer's body is not an OSRM table in JSON: \(error)")
        }
        status = response.status
        code = table.code
        message = table.message
        durations = table.durations
        distances = table.distances
    }
}
