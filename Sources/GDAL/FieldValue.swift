import CGDAL

/// A field's type in a layer.
public enum FieldType: Sendable, Equatable {
    /// 32-bit integer.
    case integer
    /// 64-bit integer.
    case integer64
    /// Double.
    case real
    /// Text.
    case string
    /// Date, time or date-time (read as GDAL's text form).
    case date
    /// Any other type (lists, binary), read as GDAL's text form.
    case other(UInt32)

    init(raw: UInt32) {
        switch Int(raw) {
        case COFTInteger: self = .integer
        case COFTInteger64: self = .integer64
        case COFTReal: self = .real
        case COFTString: self = .string
        case COFTDate, COFTTime, COFTDateTime: self = .date
        default: self = .other(raw)
        }
    }

    var raw: UInt32 {
        switch self {
        case .integer: return UInt32(COFTInteger)
        case .integer64: return UInt32(COFTInteger64)
        case .real: return UInt32(COFTReal)
        case .string: return UInt32(COFTString)
        case .date: return UInt32(COFTDateTime)
        case let .other(raw): return raw
        }
    }
}

/// A layer's field: its name and type.
public struct FieldDefinition: Sendable, Equatable {
    /// The field (column) name.
    public let name: String
    /// Its type.
    public let type: FieldType
    /// A field definition.
    public init(name: String, type: FieldType) { self.name = name; self.type = type }
}

/// One field's value in a feature.
public enum FieldValue: Sendable, Equatable {
    /// Unset or null.
    case null
    /// An integer (32 or 64 bits).
    case integer(Int64)
    /// A double.
    case real(Double)
    /// Text (dates and other types come as GDAL's text form).
    case string(String)
}
