using System.IO.Compression;
using System.Reflection.Metadata;
using System.Text;
using System.Text.Json;
using System.Xml.Linq;

namespace Romp.Tests.Packaging;

/// <summary>A .nupkg or .snupkg read back as a user's restore or a symbol server would: its file list, its nuspec, its pdbs.</summary>
internal sealed class PackageFile
{
    // The kinds of CustomDebugInformation in a portable pdb (the Portable PDB specification of dotnet/runtime).
    private static readonly Guid s_sourceLink = new("CC110556-A091-4D38-9FEC-25AB9A351A6A");
    private static readonly Guid s_embeddedSource = new("0E8A571B-6926-466E-B4AD-8AB04611F5FE");

    private readonly string _path;

    private PackageFile(string path, IReadOnlyList<string> entries, XElement metadata)
    {
        _path = path;
        Entries = entries;
        Metadata = metadata;
    }

    /// <summary>The file's name, for messages.</summary>
    public string Name => Path.GetFileName(_path);

    /// <summary>Every file in the package but NuGet's own bookkeeping (_rels, [Content_Types].xml, package/, the nuspec).</summary>
    public IReadOnlyList<string> Entries { get; }

    /// <summary>The nuspec's metadata element.</summary>
    public XElement Metadata { get; }

    /// <summary>The package id from the nuspec.</summary>
    public string Id => Value("id");

    /// <summary>Whether this is a .NET tool (package type DotnetTool): installed with dotnet tool, never referenced.</summary>
    public bool IsTool =>
        Element("packageTypes")?.Elements(Metadata.Name.Namespace + "packageType")
            .Any(static t => (string?)t.Attribute("name") == "DotnetTool") == true;

    /// <summary>The value of the nuspec metadata element <paramref name="name"/>, or "" when there is none.</summary>
    public string Value(string name) => Metadata.Element(Metadata.Name.Namespace + name)?.Value ?? "";

    /// <summary>The nuspec metadata element <paramref name="name"/>, or null.</summary>
    public XElement? Element(string name) => Metadata.Element(Metadata.Name.Namespace + name);

    /// <summary>The dependencies (id, version range) of each target framework group, by the group's framework ("net8.0").</summary>
    public Dictionary<string, List<(string Id, string Version)>> DependencyGroups()
    {
        XNamespace ns = Metadata.Name.Namespace;
        var groups = new Dictionary<string, List<(string, string)>>();
        foreach (XElement group in Element("dependencies")?.Elements(ns + "group") ?? [])
        {
            groups[(string?)group.Attribute("targetFramework") ?? ""] = group.Elements(ns + "dependency")
                .Select(static d => ((string)d.Attribute("id")!, (string)d.Attribute("version")!))
                .ToList();
        }

        return groups;
    }

    /// <summary>Opens a package and reads its nuspec.</summary>
    public static PackageFile Open(string path)
    {
        using ZipArchive zip = ZipFile.OpenRead(path);
        ZipArchiveEntry nuspec = zip.Entries.Single(static e => !e.FullName.Contains('/') && e.FullName.EndsWith(".nuspec", StringComparison.Ordinal));
        XElement metadata;
        using (Stream stream = nuspec.Open())
            metadata = XDocument.Load(stream).Root!.Elements().Single(static e => e.Name.LocalName == "metadata");
        List<string> entries = zip.Entries.Select(static e => e.FullName)
            .Where(n => n != nuspec.FullName && !n.StartsWith("_rels/", StringComparison.Ordinal)
                && !n.StartsWith("package/", StringComparison.Ordinal) && n != "[Content_Types].xml")
            .Order(StringComparer.Ordinal)
            .ToList();
        return new PackageFile(path, entries, metadata);
    }

    /// <summary>
    /// Reads the pdb at <paramref name="entry"/>: its Source Link map (document path pattern → URL pattern), the documents
    /// that hold code a debugger can stop in, and which documents carry their text embedded.
    /// </summary>
    public PdbInfo ReadPdb(string entry)
    {
        using ZipArchive zip = ZipFile.OpenRead(_path);
        var copy = new MemoryStream();
        using (Stream stream = zip.GetEntry(entry)!.Open())
            stream.CopyTo(copy);
        copy.Position = 0;

        using MetadataReaderProvider provider = MetadataReaderProvider.FromPortablePdbStream(copy);
        MetadataReader reader = provider.GetMetadataReader();
        var sourceLink = new Dictionary<string, string>(StringComparer.Ordinal);
        var embedded = new HashSet<string>(StringComparer.Ordinal);
        foreach (CustomDebugInformationHandle handle in reader.CustomDebugInformation)
        {
            CustomDebugInformation info = reader.GetCustomDebugInformation(handle);
            Guid kind = reader.GetGuid(info.Kind);
            if (kind == s_sourceLink)
            {
                using JsonDocument json = JsonDocument.Parse(Encoding.UTF8.GetString(reader.GetBlobBytes(info.Value)));
                foreach (JsonProperty document in json.RootElement.GetProperty("documents").EnumerateObject())
                    sourceLink[document.Name] = document.Value.GetString()!;
            }
            else if (kind == s_embeddedSource && info.Parent.Kind == HandleKind.Document)
            {
                embedded.Add(reader.GetString(reader.GetDocument((DocumentHandle)info.Parent).Name));
            }
        }

        var withCode = new SortedSet<string>(StringComparer.Ordinal);
        foreach (MethodDebugInformationHandle method in reader.MethodDebugInformation)
        {
            foreach (SequencePoint point in reader.GetMethodDebugInformation(method).GetSequencePoints())
                withCode.Add(reader.GetString(reader.GetDocument(point.Document).Name));
        }

        return new PdbInfo(sourceLink, [.. withCode], embedded);
    }
}
