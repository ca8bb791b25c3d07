namespace Bulwark.Ml.ModelFiles.Containers;

/// <summary>
/// Where a zip's central directory is, as the end records say and as the file layout shows.
/// <see cref="DirectoryStart"/> is where the directory really begins (just before the end records);
/// <see cref="Shift"/> is how far that is from the declared offset: positive when data was prepended, and
/// added to every member offset (Python's zipfile does the same).
/// </summary>
internal sealed record ZipDirectoryEnd(long DirectoryStart, long DirectorySize, long Shift, long EntryCount, long StructureEnd);
