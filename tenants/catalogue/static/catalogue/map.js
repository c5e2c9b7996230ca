// Draw a catalogue map (vendored Leaflet) from the JSON the page carries (catalogue/map.html).
// The list stays the page's content: on the catalogue the map sits in a closed <details> and is
// drawn — and tiles fetched from the tile server — only once a reader opens it.
(function () {
  "use strict";
  if (typeof window.L === "undefined") { return; }
  var REMEMBER = "komplan.catalogue.map-open";

  function entry(service) {
    var line = document.createElement("p");
    line.className = "cat-map-entry";
    var name = document.createElement(service.url ? "a" : "strong");
    if (service.url) { name.href = service.url; }
    name.textContent = service.name;  // text, never HTML: names come from staff and imports
    line.appendChild(name);
    if (service.place) {
      var place = document.createElement("span");
      place.className = "cat-meta";
      place.textContent = service.place;
      line.appendChild(document.createElement("br"));
      line.appendChild(place);
    }
    return line;
  }

  function addMarker(map, data, icon, point) {
    var names = point.services.map(function (s) { return s.name; }).join(", ");
    var box = document.createElement("div");
    point.services.forEach(function (s) { box.appendChild(entry(s)); });
    var marker = L.marker([point.lat, point.lon], {icon: icon, alt: names, title: names,
                                                   keyboard: true});
    marker.bindPopup(box, {maxWidth: 280});
    marker.on("popupopen", function (event) {
      var popup = event.popup.getElement();
      var close = popup.querySelector(".leaflet-popup-close-button");
      if (close) {  // Leaflet's own label is English only
        close.setAttribute("aria-label", data.labels.close);
        close.title = data.labels.close;
      }
      // A keyboard reader lands in the popup (Leaflet leaves focus on the marker, and the
      // popup comes after every other marker in tab order); Escape brings them back.
      var first = popup.querySelector(".leaflet-popup-content a");
      if (first && document.activeElement === marker.getElement()) {
        first.focus({preventScroll: true});
      }
      if (!popup.hasAttribute("data-keys")) {  // the same element comes back on each open
        popup.setAttribute("data-keys", "1");
        popup.addEventListener("keydown", function (key) {
          if (key.key === "Escape") { map.closePopup(); }
        });
      }
    });
    marker.on("popupclose", function (event) {
      var popup = event.popup.getElement();
      var active = document.activeElement;
      if (!active || active === document.body || (popup && popup.contains(active))) {
        marker.getElement().focus({preventScroll: true});
      }
    });
    marker.addTo(map);
    // Leaflet opens a focused marker's popup on Enter; a role=button answers Space too.
    marker.getElement().addEventListener("keydown", function (key) {
      if (key.key === " ") { key.preventDefault(); marker.openPopup(); }
    });
  }

  function draw(node) {
    if (node.getAttribute("data-drawn")) { return; }
    node.setAttribute("data-drawn", "1");
    var data = JSON.parse(document.getElementById(node.getAttribute("data-catalogue-map"))
                          .textContent);
    // Marker images by their collected (hashed) names: Leaflet's guess from its stylesheet
    // does not survive the hashing.
    var icon = L.icon({iconUrl: data.icons.icon, iconRetinaUrl: data.icons.icon2x,
                       shadowUrl: data.icons.shadow, iconSize: [25, 41], iconAnchor: [12, 41],
                       popupAnchor: [1, -34], tooltipAnchor: [16, -28], shadowSize: [41, 41]});
    // No zoom on the mouse wheel: scrolling the page over the map must keep scrolling it.
    var map = L.map(node, {zoomControl: false, scrollWheelZoom: false});
    L.control.zoom({zoomInTitle: data.labels.zoomIn, zoomOutTitle: data.labels.zoomOut})
      .addTo(map);
    // The site's origin as referrer, not the page's address: what tile servers' terms ask
    // for (the platform's own policy, same-origin, would send none).
    L.tileLayer(data.tiles, {attribution: data.attribution, maxZoom: 19,
                             referrerPolicy: "strict-origin"}).addTo(map);
    // The view first: Leaflet draws a marker (and gives it an element) only on a placed map.
    var bounds = data.markers.map(function (p) { return [p.lat, p.lon]; });
    if (bounds.length === 1) {
      map.setView(bounds[0], 16);
    } else {
      // More room above: a marker's pin stands 41 px over its point.
      map.fitBounds(bounds, {paddingTopLeft: [32, 56], paddingBottomRight: [32, 24],
                             maxZoom: 16});
    }
    data.markers.forEach(function (point) { addMarker(map, data, icon, point); });
    node.setAttribute("data-ready", "1");
  }

  document.querySelectorAll("[data-catalogue-map]").forEach(function (node) {
    var box = node.closest("[data-catalogue-map-box]");
    if (!box) { draw(node); return; }
    try {  // open again after a new search, if the reader had it open
      if (window.sessionStorage.getItem(REMEMBER) === "1") { box.open = true; }
    } catch (e) { /* storage refused: the map starts closed */ }
    if (box.open) { draw(node); }
    box.addEventListener("toggle", function () {
      try { window.sessionStorage.setItem(REMEMBER, box.open ? "1" : "0"); } catch (e) { /* */ }
      if (box.open) { draw(node); }
    });
  });
})();
