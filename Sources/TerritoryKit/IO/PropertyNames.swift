import Foundation

/// Which feature properties hold a territory's id, name, rep and target share.
public struct PropertyNames: Sendable, Equatable {
    /// The property holding the id; when a feature lacks it, the feature's own `id` member is used.
    public var id: String = "id"
    /// The property holding the display name.
    public var name: String = "name"
    /// The property holding the rep.
    public var rep: String = "rep"
    /// The property holding the target share (a number in 0...1).
    public var targetShare: String = "target_share"
    /// The property names, `id`, `name`, `rep` and `target_share` unless given.
    public init(id: String = "id", name: String = "name", rep: String = "rep", targetShare: String = "target_share") {
        self.id = id; self.name = name; self.rep = rep; self.targetShare = targetShare
    }
}
