"""Survey results: what a closed campaign's anonymous responses say, protected, for publishing.

* :mod:`.design` -- the instrument and campaign as plain data (items, scales,
  declared dimensions, thresholds) and the responses as columns;
* :mod:`.stats` -- t-intervals, group-versus-rest tests and the correction
  across the family (scipy and statsmodels);
* :mod:`.protection` -- which cuts may be shown: at least ``k`` responses,
  a partner hidden beside every hidden group, no two cuts that differ by fewer
  than ``k`` people;
* :mod:`.compute` -- the frames of a results release (pure: no database);
* :mod:`.comments` -- comments, only from ``comment_k``, shuffled, undated;
* :mod:`.reading` -- the one read of ``surveys.Response`` rows;
* :mod:`.cells` -- what the release publishes to the guard, and hiding cells;
* :mod:`.presentation` -- the frozen frames as publishing's pages.

Decision record 0025 explains the protection.
"""
