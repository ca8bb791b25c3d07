namespace Bulwark.Ml.ModelFiles.Pickle;

/// <summary>
/// Who may refer to a container, which decides whether the machine may reuse it once dropped. Data pickles build
/// millions of small dicts and tuples that are gone as soon as the list they go into is past its kept bound; reusing
/// those keeps the analysis from allocating per record. Only ever moves towards <see cref="Shared"/>.
/// </summary>
internal enum PickleHolder : byte
{
    /// <summary>Made by the machine and referred to by exactly one stack slot: reusable once that slot drops it.</summary>
    Stack,

    /// <summary>Referred to by exactly one kept slot of one container (moved there from the stack): reused with it.</summary>
    Parent,

    /// <summary>Anything else may refer to it (the memo, a DUP, a call, a BUILD state, a view): never reused.</summary>
    Shared,
}
