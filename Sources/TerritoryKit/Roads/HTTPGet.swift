import Foundation

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A plain HTTP/1.1 GET over a socket, for a routing server on the local network: no TLS, no
/// redirects, no dependency (Foundation's URLSession would pull libcurl into every program that
/// links TerritoryKit).
enum HTTPGet {
    /// An answer: the status code and the body.
    struct Response { let status: Int; let body: [UInt8] }

    /// What went wrong on the way (not an HTTP error status, which is a ``Response``).
    struct Failure: Error, CustomStringConvertible {
        let description: String
        /// Connection refused, reset or timed out: worth trying again.
        let transient: Bool
    }

    /// `http://host[:port][/prefix]` split up.
    static func parse(_ url: String) -> (host: String, port: UInt16, prefix: String)? {
        guard url.hasPrefix("http://") else { return nil }
        let rest = url.dropFirst("http://".count)
        let authority = rest.prefix { $0 != "/" }
        let prefix = String(rest.dropFirst(authority.count)).trimmingCharacters(in: CharacterSet(charactersIn: "/"))
        let parts = authority.split(separator: ":", omittingEmptySubsequences: false)
        guard let host = parts.first, !host.isEmpty, parts.count <= 2 else { return nil }
        let port = parts.count == 2 ? UInt16(parts[1]) : 80
        guard let port else { return nil }
        return (String(host), port, prefix.isEmpty ? "" : "/" + prefix)
    }

    /// GETs `path` (starting with `/`) from `host:port`: the whole exchange takes at most
    /// `timeout` seconds however the server trickles its answer, and an answer of more than
    /// `maxBytes` bytes (headers included) is refused rather than held in memory.
    static func get(host: String, port: UInt16, path: String, timeout: Double, maxBytes: Int = 1 << 30) throws -> Response {
        let deadline = Date().addingTimeInterval(timeout)
        var hints = addrinfo()
        hints.ai_family = AF_UNSPEC
        #if canImport(Glibc)
        hints.ai_socktype = Int32(SOCK_STREAM.rawValue)
        #else
        hints.ai_socktype = SOCK_STREAM
        #endif
        var list: UnsafeMutablePointer<addrinfo>?
        guard getaddrinfo(host, String(port), &hints, &list) == 0, let first = list else {
            throw Failure(description: "cannot resolve \(host)", transient: false)
        }
        defer { freeaddrinfo(list) }
        var fd: Int32 = -1
        var reason = "no address"
        var candidate: UnsafeMutablePointer<addrinfo>? = first
        while let a = candidate {
            fd = socket(a.pointee.ai_family, a.pointee.ai_socktype, a.pointee.ai_protocol)
            if fd >= 0 {
                var tv = timeval()
                tv.tv_sec = .init(timeout)
                tv.tv_usec = .init((timeout - floor(timeout)) * 1_000_000)
                setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, socklen_t(MemoryLayout<timeval>.size))
                setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &tv, socklen_t(MemoryLayout<timeval>.size))
                if connect(fd, a.pointee.ai_addr, a.pointee.ai_addrlen) == 0 { break }
                reason = String(cString: strerror(errno))
                close(fd)
                fd = -1
            }
            candidate = a.pointee.ai_next
        }
        guard fd >= 0 else { throw Failure(description: "cannot connect to \(host):\(port): \(reason)", transient: true) }
        defer { close(fd) }
        let request = Array("GET \(path) HTTP/1.1\r\nHost: \(host):\(port)\r\nConnection: close\r\nAccept: application/json\r\n\r\n".utf8)
        var sent = 0
        while sent < request.count {
            let n = request.withUnsafeBytes { send(fd, $0.baseAddress! + sent, request.count - sent, 0) }
            guard n > 0 else { throw Failure(description: "\(host):\(port): the request could not be sent", transient: true) }
            sent += n
        }
        var data: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 1 << 16)
        let stalled = Failure(description: "\(host):\(port): no whole answer within \(NumberText.shortest(timeout)) s", transient: true)
        while true {
            // Each read waits at most what is left of the whole exchange's time.
            let left = deadline.timeIntervalSinceNow
            guard left > 0 else { throw stalled }
            var wait = timeval()
            wait.tv_sec = .init(left)
            wait.tv_usec = .init(max(1, (left - floor(left)) * 1_000_000))
            setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &wait, socklen_t(MemoryLayout<timeval>.size))
            let n = chunk.withUnsafeMutableBytes { recv(fd, $0.baseAddress!, $0.count, 0) }
            if n == 0 { break }
            guard n > 0 else {
                if errno == EINTR { continue }
                if !data.isEmpty || deadline.timeIntervalSinceNow <= 0.01 { throw stalled }
                throw Failure(
                    description: "\(host):\(port): no answer within \(NumberText.shortest(timeout)) s (\(String(cString: strerror(errno))))",
                    transient: true)
            }
            data.append(contentsOf: chunk[0..<n])
            guard data.count <= maxBytes else {
                throw Failure(description: "\(host):\(port) sent more than \(maxBytes) bytes for one answer", transient: false)
            }
        }
        return try parseResponse(data, from: "\(host):\(port)")
    }

    /// Status line, headers and body (by Content-Length, chunked, or to the end).
    static func parseResponse(_ data: [UInt8], from source: String) throws -> Response {
        let separator: [UInt8] = [13, 10, 13, 10]
        guard let end = data.indices.first(where: { $0 + 4 <= data.count && Array(data[$0..<($0 + 4)]) == separator }) else {
            throw Failure(description: "\(source) closed the connection without a complete answer", transient: true)
        }
        let head = String(decoding: data[..<end], as: UTF8.self).components(separatedBy: "\r\n")
        let statusParts = head[0].split(separator: " ")
        guard statusParts.count >= 2, statusParts[0].hasPrefix("HTTP/"), let status = Int(statusParts[1]) else {
            throw Failure(description: "\(source) did not answer in HTTP (\(head[0].prefix(40)))", transient: false)
        }
        var headers: [String: String] = [:]
        for line in head.dropFirst() {
            guard let colon = line.firstIndex(of: ":") else { continue }
            headers[line[..<colon].lowercased()] = line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)
        }
        var body = Array(data[(end + 4)...])
        if headers["transfer-encoding"]?.lowercased().contains("chunked") == true {
            var out: [UInt8] = [], i = 0
            while i < body.count {
                guard let lineEnd = body[i...].firstIndex(of: 10) else { break }
                let sizeText = String(decoding: body[i..<lineEnd], as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
                // A size is hex digits only: no sign, and no more than the body holds (a huge one
                // must not overflow the arithmetic below).
                let digits = sizeText.split(separator: ";").first.map(String.init) ?? ""
                guard !digits.isEmpty, digits.allSatisfy(\.isHexDigit), digits.count <= 15, let size = Int(digits, radix: 16) else {
                    throw Failure(description: "\(source) sent a malformed chunked body", transient: false)
                }
                if size == 0 { break }
                let start = lineEnd + 1
                guard size <= body.count - start else { throw Failure(description: "\(source) sent a truncated body", transient: true) }
                out.append(contentsOf: body[start..<(start + size)])
                i = start + size + 2
            }
            body = out
        } else if let text = headers["content-length"] {
            guard !text.isEmpty, text.allSatisfy(\.isASCII), text.allSatisfy(\.isNumber), let length = Int(text) else {
                throw Failure(description: "\(source) sent a malformed Content-Length (\(text.prefix(20)))", transient: false)
            }
            guard body.count >= length else { throw Failure(description: "\(source) sent a truncated body", transient: true) }
            body = Array(body.prefix(length))
        }
        return Response(status: status, body: body)
    }
}
