from reports.charts import LABEL_CHARS, ROW_HEIGHT, bar_chart


def _widths(chart):
    return [bar.width for bar in chart.bars]


def test_bars_scale_to_the_largest_value():
    chart = bar_chart([{"label": "a", "n": 4}, {"label": "b", "n": 1}], value="n", display=str)

    assert _widths(chart) == ["100.0", "25.0"]


def test_percent_bars_scale_to_a_hundred_and_stay_within_it():
    rows = [{"label": "a", "rate": 50.0}, {"label": "b", "rate": 130.0}, {"label": "c", "rate": -5.0}]

    chart = bar_chart(rows, value="rate", display=str, scale_max=100)

    assert _widths(chart) == ["50.0", "100.0", "0.0"]


def test_zeros_and_missing_values_draw_empty_bars():
    rows = [{"label": "a", "n": 0}, {"label": "b", "n": None}]

    chart = bar_chart(rows, value="n", display=lambda value: "—" if value is None else str(value))

    assert _widths(chart) == ["0.0", "0.0"]
    assert [bar.value for bar in chart.bars] == ["0", "—"]


def test_each_row_has_its_own_band_of_the_height():
    chart = bar_chart([{"label": "a", "n": 1}, {"label": "b", "n": 2}], value="n", display=str)

    assert chart.height == 2 * ROW_HEIGHT
    assert chart.bars[1].text_y - chart.bars[0].text_y == ROW_HEIGHT


def test_long_labels_are_shortened_for_the_chart_only():
    label = "Hospital Infantil de México Federico Gómez, Ciudad de México"

    bar = bar_chart([{"label": label, "n": 1}], value="n", display=str).bars[0]

    assert len(bar.label) == LABEL_CHARS and bar.label.endswith("…")
    assert label.startswith(bar.label[:-1])
