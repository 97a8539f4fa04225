"""Named postures, the leg drawings and the posture explorer widget."""

from __future__ import annotations

import re

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pytest  # noqa: E402

from conftest import ROOT  # noqa: E402
from hamstrings import leg, plotting, postures, style  # noqa: E402

BIB_KEYS = set(re.findall(r"@\w+\{([^,]+),", (ROOT / "references.bib").read_text()))


@pytest.mark.parametrize("name", postures.names())
def test_posture_angles_lie_inside_the_joint_limits(name):
    posture = postures.get(name)
    for joint, value in posture.angles.items():
        low, high = leg.JOINT_LIMITS[joint]
        assert low <= value <= high, (name, joint)


@pytest.mark.parametrize("name", postures.names())
def test_measured_postures_cite_a_reference(name):
    posture = postures.get(name)
    assert posture.kind in {"definition", "measured", "threshold", "illustrative"}
    assert posture.source.strip()
    if posture.kind in {"measured", "threshold"}:
        key = posture.source.split(":")[0]
        assert key in BIB_KEYS, f"{name}: {key!r} is not in references.bib"


def test_standing_is_zero():
    assert postures.get("standing").angles == {"hip": 0.0, "knee": 0.0, "ankle": 0.0}


def test_unknown_posture_is_a_value_error():
    with pytest.raises(ValueError, match="posture must be one of"):
        postures.get("handstand")


def test_length_change_is_zero_in_standing_and_follows_the_lengths():
    zero = plotting.length_change(0.0, 0.0, 0.0)
    assert all(abs(float(v)) < 1e-12 for v in zero.values())
    change = plotting.length_change(hip=[0.0, 60.0], knee=0.0, ankle=0.0)["semimembranosus"]
    assert change.shape == (2,) and change[1] > 5.0  # a straight-leg raise stretches it


def test_drawing_follows_the_pose_and_colours_by_strain():
    fig, ax = plt.subplots()
    drawing = plotting.LegDrawing(ax, color_by="strain")
    drawing.set_pose(80.0, 0.0, 0.0)
    geometry = leg.pose(80.0, 0.0, 0.0)
    for m in leg.MUSCLES:
        x, y = drawing.lines[m].get_data()
        np.testing.assert_allclose(np.column_stack([x, y]), geometry["paths"][m])
    change = float(plotting.length_change(80.0, 0.0, 0.0)["semimembranosus"])
    expected = style.STRAIN_CMAP(plotting.strain_norm()(change))
    np.testing.assert_allclose(drawing.lines["semimembranosus"].get_color(), expected)
    np.testing.assert_allclose(drawing.thigh.get_xydata()[1], geometry["joints"]["knee"])
    plt.close(fig)


def test_drawing_in_muscle_colours():
    fig, ax = plt.subplots()
    drawing = plotting.LegDrawing(ax, color_by="muscle")
    drawing.set_pose(30.0, 40.0, 10.0)
    assert drawing.lines["soleus"].get_color() == style.muscle_color("soleus")
    plt.close(fig)


def test_drawing_rejects_bad_options():
    fig, ax = plt.subplots()
    with pytest.raises(ValueError, match="color_by"):
        plotting.LegDrawing(ax, color_by="rainbow")
    with pytest.raises(ValueError, match="muscles"):
        plotting.LegDrawing(ax, muscles=["hamstring"])
    plt.close(fig)


def test_length_bars_show_the_length_change():
    fig, ax = plt.subplots()
    bars = plotting.LengthBars(ax)
    bars.set_pose(90.0, 90.0, 0.0)
    change = plotting.length_change(90.0, 90.0, 0.0)
    widths = {m: b.get_width() for m, b in zip(bars.muscles, bars.bars)}
    for m in leg.MUSCLES:
        assert widths[m] == pytest.approx(float(change[m]))
    plt.close(fig)


def test_posture_explorer_redraws_on_slider_change():
    pytest.importorskip("ipywidgets")
    from hamstrings.explorers.posture import PostureExplorer

    explorer = PostureExplorer(hip=0.0, knee=0.0, ankle=0.0)
    first = explorer.image.value
    assert first[:8] == b"\x89PNG\r\n\x1a\n"
    for joint, slider in explorer.sliders.items():
        assert (slider.min, slider.max) == leg.JOINT_LIMITS[joint]
    explorer.sliders["hip"].value = 90.0
    assert explorer.image.value != first
    assert "hip 90°" in explorer.drawing.ax.get_title()


def test_animation_html_labels_the_image_and_the_slider():
    from matplotlib.animation import FuncAnimation

    fig, ax = plt.subplots(figsize=(2, 2), dpi=30)
    (line,) = ax.plot([0, 1], [0, 1])
    anim = FuncAnimation(fig, lambda i: line.set_ydata([0, i]), frames=3)
    page = plotting.animation_html(anim, alt='A line "tilting" up', label="frame")
    plt.close(fig)
    assert re.search(r'<img id="_anim_img\w+" alt="A line &quot;tilting&quot; up"', page)
    assert re.search(r'<input id="_anim_slider\w+" aria-label="frame"', page)
    with pytest.raises(ValueError, match="alt must be"):
        plotting.animation_html(anim, alt=" ", label="frame")


def test_animation_html_loads_nothing_from_the_network():
    """matplotlib links Font Awesome from a CDN for the player's icons; offline readers
    would get blank buttons. The icons are inline SVG and the buttons keep their names."""
    from matplotlib.animation import FuncAnimation

    fig, ax = plt.subplots(figsize=(2, 2), dpi=30)
    (line,) = ax.plot([0, 1], [0, 1])
    anim = FuncAnimation(fig, lambda i: line.set_ydata([0, i]), frames=3)
    page = plotting.animation_html(anim, alt="a line tilting up", label="frame")
    plt.close(fig)
    assert "font-awesome" not in page and "<link" not in page
    assert not re.search(r"(?:href|src)=[\"']?(?:https?:)?//", page)
    buttons = re.findall(r"<button [^>]*aria-label=\"([^\"]+)\"[^>]*>\s*(<svg[^>]*>)", page)
    assert [name for name, _ in buttons][:2] == ["Decrease speed", "First frame"]
    assert "Play" in [name for name, _ in buttons] and len(buttons) == 9
    assert all('aria-hidden="true"' in svg for _, svg in buttons)
