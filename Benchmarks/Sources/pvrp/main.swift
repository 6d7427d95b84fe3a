import Foundation
import TerritoryKit

// pvrp INSTANCE [--time-limit S] [--seed N] [--threads T] [--iterations-per-stop K] --output SOL.res
// Solves a Cordeau PVRP instance with the library's call-cycle scheduler and writes Cordeau's
// .res format; Benchmarks/peers/check_pvrp.py checks it independently and compares it with the
// best known value.
let arguments = Array(CommandLine.arguments.dropFirst())
func option(_ name: String) -> String? {
    guard let i = arguments.firstIndex(of: name), i + 1 < arguments.count else { return nil }
    return arguments[i + 1]
}
var options = ScheduleOptions()
if let v = option("--time-limit").flatMap(Double.init) { options.timeLimit = v }
if let v = option("--seed").flatMap(UInt64.init) { options.seed = v }
if let v = option("--threads").flatMap(Int.init) { options.threads = v }
if let v = option("--iterations-per-stop").flatMap(Int.init) { options.iterationsPerStop = v }
let output = option("--output")
guard let path = arguments.first, !path.hasPrefix("--"), let output else {
    FileHandle.standardError.write(
        Data("usage: pvrp INSTANCE [--time-limit S] [--seed N] [--threads T] [--iterations-per-stop K] --output SOL.res\n".utf8))
    exit(64)
}
do {
    let instance = try CordeauInstance(contentsOf: URL(fileURLWithPath: path))
    let started = Date()
    let points = instance.points
    let schedule = CallCycleScheduler.schedule(
        instance.problem,
        cost: { i, j in
            let dx = points[i].x - points[j].x, dy = points[i].y - points[j].y
            return (dx * dx + dy * dy).squareRoot()
        },
        locations: points.map { Coordinate(x: $0.x, y: $0.y) }, options: options)
    try instance.resText(schedule).write(toFile: output, atomically: true, encoding: .utf8)
    let seconds = Date().timeIntervalSince(started)
    print(String(format: "%@: cost %.2f, %d unplaced, %.2f s", instance.name, schedule.cost, schedule.unplaced.count, seconds))
    if !schedule.unplaced.isEmpty { exit(1) }
} catch {
    FileHandle.standardError.write(Data("pvrp: \(error)\n".utf8))
    exit(2)
}
