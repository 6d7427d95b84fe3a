import Foundation
import GDAL
import GeoTypes
import TerritoryKit

extension CustomerCSVReader {
    /// Customers from any GDAL source: a point layer (GeoPackage, PostGIS, Shapefile, KML, ...)
    /// whose points give lon/lat, or a table without geometry (an Excel `.xlsx` or `.ods`
    /// sheet, a database table) with lon/lat columns. Rows are read as the CSV reader reads a
    /// file, with the same column options and checks: the layer is turned into CSV text a
    /// chunk at a time (memory stays bounded), with the layer's fields as columns and, for a
    /// point layer, the point's lon/lat (transformed from the layer's CRS) in the columns named
    /// by `columns.lon` and `columns.lat`. A problem on "line N" is the layer's row N − 1
    /// (the header is line 1; for a spreadsheet, its row N). A spreadsheet whose header is not
    /// on its first row is read from `headerRow` on (the rows above it, titles, are skipped).
    ///
    /// ## Example
    /// ```swift
    /// let reader = try CustomerCSVReader.open(VectorSource("crm_export.xlsx", layer: "Accounts"))
    /// let customers = try reader.readAll()
    /// ```
    /// - Throws: `TerritoryError.unreadableFile(path:reason:)` when the source cannot be
    ///   opened, the layer is missing or ambiguous, or a feature has no point;
    ///   `TerritoryError.csv(source:line:message:)` for a missing column or a bad value.
    public static func open(
        _ source: VectorSource, columns: CustomerColumns = CustomerColumns(), headerRow: Int = 1
    ) throws(TerritoryError) -> CustomerCSVReader {
        // A sheet's header row is found by hand when it is not the first: GDAL then gives every
        // row as data (fields Field1, Field2, ...).
        let dataset = try source.open(openOptions: headerRow > 1 ? ["HEADERS=DISABLE"] : [])
        let layer = try source.pickLayer(in: dataset, kind: "point or table", option: "--customers-layer") { l in
            let t = l.geometryType
            return t.isPoint || t == .none || t.flat == .unknown
        }
        let conversion = try LonLatConversion(layer: layer, override: source.sourceCRS, source: source.name)
        let producer: CustomerCSVProducer
        if headerRow > 1, layer.hasGeometry, layer.geometryType != .none {
            throw .invalidArgument("\(source.name): --header-row applies to CSV files and sheets, not to a point layer")
        }
        do {
            producer = try CustomerCSVProducer(layer: layer, columns: columns, conversion: conversion, source: source.name, headerRow: headerRow)
        } catch let error as TerritoryError { throw error } catch let error as GDALError { throw TerritoryError(error, source: source.name) } catch {
            throw .unreadableFile(path: source.name, reason: "\(error)")
        }
        do {
            return try CustomerCSVReader(
                producer: { try producer.next() }, source: source.name, columns: columns, linesBeforeHeader: headerRow - 1)
        } catch let error as TerritoryError { throw error } catch { throw .unreadableFile(path: source.name, reason: "\(error)") }
    }
}

extension CustomerCSVReader {
    /// The whole of a customer layer or sheet as CSV text (every field, and a point layer's
    /// lon/lat), as ``open(_:columns:headerRow:)`` reads it: for the columns the customer reader
    /// does not keep (a visit frequency, opening hours), read as a table beside it.
    /// - Throws: as ``open(_:columns:headerRow:)``.
    public static func csvText(
        of source: VectorSource, columns: CustomerColumns = CustomerColumns(), headerRow: Int = 1
    ) throws(TerritoryError) -> [UInt8] {
        let dataset = try source.open(openOptions: headerRow > 1 ? ["HEADERS=DISABLE"] : [])
        let layer = try source.pickLayer(in: dataset, kind: "point or table", option: "--customers-layer") { l in
            let t = l.geometryType
            return t.isPoint || t == .none || t.flat == .unknown
        }
        let conversion = try LonLatConversion(layer: layer, override: source.sourceCRS, source: source.name)
        do {
            let producer = try CustomerCSVProducer(layer: layer, columns: columns, conversion: conversion, source: source.name, headerRow: headerRow)
            var text: [UInt8] = []
            while let piece = try producer.next() { text += piece }
            return text
        } catch let error as TerritoryError { throw error } catch let error as GDALError { throw TerritoryError(error, source: source.name) } catch {
            throw .unreadableFile(path: source.name, reason: "\(error)")
        }
    }
}

/// Writes a layer as CSV text, a few thousand rows per call.
final class CustomerCSVProducer {
    private let cursor: FeatureCursor
    private let fieldIndexes: [Int]
    private let withPoint: Bool
    private let conversion: LonLatConversion
    private let source: String
    private var header: [UInt8]?
    private static let rowsPerPiece = 4096

    init(layer: VectorLayer, columns: CustomerColumns, conversion: LonLatConversion, source: String, headerRow: Int = 1) throws {
        let fields = layer.fields
        let withPoint = layer.hasGeometry && layer.geometryType != .none
        self.withPoint = withPoint
        // The point's lon/lat take the lon/lat columns' names; fields of those names give way.
        let fieldIndexes = fields.indices.filter { !withPoint || (fields[$0].name != columns.lon && fields[$0].name != columns.lat) }
        self.fieldIndexes = fieldIndexes
        var names = fieldIndexes.map { fields[$0].name }
        let cursor = try layer.makeCursor()
        if headerRow > 1 {
            // The rows above the header are skipped; the header row's cells name the columns.
            for row in 1..<headerRow where try cursor.next({ _ in true }) == nil {
                throw TerritoryError.csv(source: source, line: row, message: "--header-row \(headerRow): the sheet has only \(row - 1) rows")
            }
            guard
                let cells = try cursor.next({ f in
                    fieldIndexes.map { i -> String in
                        switch f.value(at: i) {
                        case .null: return ""
                        case let .integer(v): return String(v)
                        case let .real(v): return NumberText.shortest(v)
                        case let .string(s): return s
                        }
                    }
                })
            else {
                throw TerritoryError.csv(
                    source: source, line: headerRow, message: "--header-row \(headerRow): the sheet has only \(headerRow - 1) rows")
            }
            names = cells
        }
        if withPoint { names += [columns.lon, columns.lat] }
        var text: [UInt8] = []
        for (k, name) in names.enumerated() {
            if k > 0 { text.append(0x2C) }
            appendField(name, to: &text)
        }
        text.append(0x0A)
        header = text
        self.conversion = conversion
        self.source = source
        self.cursor = cursor
    }

    func next() throws -> [UInt8]? {
        if let header {
            self.header = nil
            return header
        }
        var out: [UInt8] = []
        for _ in 0..<CustomerCSVProducer.rowsPerPiece {
            let more: Bool? = try cursor.next { feature in
                for (k, i) in fieldIndexes.enumerated() {
                    if k > 0 { out.append(0x2C) }
                    switch feature.value(at: i) {
                    case .null: break
                    case let .integer(v): out.append(contentsOf: String(v).utf8)
                    case let .real(v): out.append(contentsOf: NumberText.shortest(v).utf8)
                    case let .string(s): appendField(s, to: &out)
                    }
                }
                if withPoint {
                    var point = try self.point(of: feature)
                    do { try conversion.convert(&point) } catch {
                        throw TerritoryError.unreadableFile(
                            path: source, reason: "feature \(feature.index): (\(point[0]), \(point[1])) cannot be transformed to lon/lat")
                    }
                    if !fieldIndexes.isEmpty { out.append(0x2C) }
                    out.append(contentsOf: NumberText.shortest(point[0]).utf8)
                    out.append(0x2C)
                    out.append(contentsOf: NumberText.shortest(point[1]).utf8)
                }
                out.append(0x0A)
                return true
            }
            if more == nil { break }
        }
        return out.isEmpty ? nil : out
    }

    /// The feature's point as `[x, y]` in the layer's CRS.
    private func point(of feature: VectorFeature) throws -> [Double] {
        guard let wkb = try feature.wkb(), let p = WKBPolygons.point(wkb) else {
            let what = feature.geometryType.map { "a \($0)" } ?? "no geometry"
            throw TerritoryError.unreadableFile(
                path: source, reason: "feature \(feature.index) (fid \(feature.fid)) has \(what); customers must be points")
        }
        return [p.0, p.1]
    }
}

/// Appends a CSV field, quoted when it holds a comma, quote or line break (RFC 4180).
func appendField(_ text: String, to out: inout [UInt8]) {
    let bytes = Array(text.utf8)
    guard bytes.contains(where: { $0 == 0x2C || $0 == 0x22 || $0 == 0x0A || $0 == 0x0D }) else {
        out.append(contentsOf: bytes)
        return
    }
    out.append(0x22)
    for b in bytes {
        if b == 0x22 { out.append(0x22) }
        out.append(b)
    }
    out.append(0x22)
}
