import ArgumentParser
struct RenderCommand: ParsableCommand { static let configuration = CommandConfiguration(commandName: "render") ; func run() throws {} }
