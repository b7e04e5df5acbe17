/**
 * Click-to-play video: the cover is a plain link to the video (it works without
 * JavaScript); with it, a click swaps the cover for the privacy-enhanced player, so no
 * request reaches YouTube or Vimeo before the visitor asks for the video.
 */
document.querySelectorAll<HTMLElement>('[data-video-embed]').forEach((box) => {
  box.querySelector('a')?.addEventListener('click', (event) => {
    event.preventDefault();
    const frame = document.createElement('iframe');
    frame.src = box.dataset.videoEmbed!;
    frame.title = box.dataset.videoTitle ?? 'Video';
    frame.allow = 'autoplay; fullscreen; picture-in-picture; encrypted-media';
    frame.allowFullscreen = true;
    box.replaceChildren(frame);
    frame.focus();
  });
});
