namespace Marketplace.Bench;

/// <summary>
/// A local repository of <c>files</c> files for the scan figure, written once: a command file per 25 files and skills of 100 files
/// each (<c>SKILL.md</c> and 99 reference files), the shape of a large skills repository.
/// </summary>
internal static class ScaleRepository
{
    private const int FilesPerSkill = 100;

    /// <summary>Writes the repository under <paramref name="parent"/>; returns its root and the entries a scan finds.</summary>
    public static async Task<(string Root, int Entries)> WriteAsync(string parent, int files)
    {
        var root = Directory.CreateDirectory(Path.Combine(parent, "scale-repo")).FullName;
        var commands = files / 25;
        var skills = (files - commands) / FilesPerSkill;
        commands = files - (skills * FilesPerSkill);
        var folder = Directory.CreateDirectory(Path.Combine(root, "commands")).FullName;
        for (var c = 0; c < commands; c++)
        {
            await File.WriteAllTextAsync(Path.Combine(folder, $"cmd-{c:D5}.md"),
                $"---\nname: cmd-{c:D5}\ndescription: Command {c} of the scale repository.\n---\nDo step {c}.\n");
        }

        for (var s = 0; s < skills; s++)
        {
            var skill = Directory.CreateDirectory(Path.Combine(root, "skills", $"skill-{s:D4}")).FullName;
            await File.WriteAllTextAsync(Path.Combine(skill, "SKILL.md"),
                $"---\nname: skill-{s:D4}\ndescription: Skill {s} of the scale repository.\n---\nRead the references.\n");
            var references = Directory.CreateDirectory(Path.Combine(skill, "references")).FullName;
            for (var f = 1; f < FilesPerSkill; f++)
            {
                await File.WriteAllTextAsync(Path.Combine(references, $"ref-{f:D3}.md"), $"# Reference {f} of skill {s}\n\nSome text.\n");
            }
        }

        return (root, commands + skills);
    }
}
